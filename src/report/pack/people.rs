//! The people charts of a run: the education pipeline and the workforce.

use super::*;

/// The education pipeline: applied → enrolled → completed → placed, and the
/// graduates employed, with mentor utilisation below.
pub(super) fn education(cx: &Context<'_>) -> Option<PackChart> {
    let r = cx.result;
    if !cx.has("students_applied") {
        return None;
    }
    let stage = |name: &str, metric: &str, style: usize| MonthlySeries {
        name: name.into(),
        values: cumulative(&r.series("all", metric)),
        style: Some(style),
        ..MonthlySeries::default()
    };
    // Applied first and wide, enrolled dashed over it: both show where they match.
    let applied = stage("Applied", "students_applied", 0);
    let enrolled = stage("Enrolled", "students_enrolled", 6);
    let completed = stage("Completed", "students_completed", 2);
    let placed = stage("Placed (summed)", "graduates_placed", 1);
    let employed = MonthlySeries {
        style: Some(3),
        ..series(
            "Still employed (month end)",
            &r.series("all", "graduates_employed"),
            1.0,
        )
    };
    let utilisation = MonthlySeries {
        style: Some(0),
        ..series(
            "Mentor utilisation (students ÷ seats)",
            &r.series("all", "mentor_utilisation"),
            100.0,
        )
    };
    let (placed_n, employed_n) = (last(&placed.values), last(&employed.values));
    let enrolled_n = last(&enrolled.values);
    let headcount = last(&means(&r.series("all", "headcount")));
    let peak_use = utilisation
        .values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let title = format!(
        "The centres place {} of {} students by {}; {} are still employed, {:.0}% of the workforce",
        int(placed_n),
        int(enrolled_n),
        cx.last_month(),
        int(employed_n),
        if headcount > 0.0 {
            employed_n / headcount * 100.0
        } else {
            0.0
        }
    );
    let mut panels = vec![
        Panel {
            title: "Students, summed since the start".into(),
            y_label: "Students".into(),
            series: vec![applied, enrolled, completed],
            ..Panel::default()
        },
        Panel {
            title: "Graduates in export jobs".into(),
            y_label: "People".into(),
            series: vec![placed, employed],
            ..Panel::default()
        },
    ];
    if cx.has("mentor_utilisation") {
        panels.push(Panel {
            title: format!("Mentor seats in use (at most {peak_use:.0}%)"),
            y_label: "Used".into(),
            y_format: ValueFormat::Percent,
            series: vec![utilisation],
            y_range: Some((0.0, 100.0)),
            ..Panel::default()
        });
    }
    Some(PackChart {
        name: "education_pipeline",
        chart: Chart::Panels(PanelChart {
            title,
            subtitle:
                "Students who applied, enrolled and completed; graduates placed (summed since \
                       the start) and still employed at each month's end; students in programme ÷ \
                       mentor seats"
                    .into(),
            footer: cx.footer.clone(),
            months: cx.months.clone(),
            columns: 1,
            row_weights: vec![1.4, 1.2, 0.8],
            panels,
        }),
        reading: format!(
            "{} students enrolled, {} graduates placed; {} of the {} people employed at the end came \
             from the centres; mentor seats were at most {peak_use:.0}% used.",
            int(enrolled_n),
            int(placed_n),
            int(employed_n),
            int(headcount)
        ),
    })
}

/// The workforce by stage, reconciled with "available on the floor".
pub(super) fn workforce(cx: &Context<'_>) -> Option<PackChart> {
    let r = cx.result;
    if !cx.has("classroom") {
        return None;
    }
    let composition = [
        ("classroom", "Classroom"),
        ("nesting", "Nesting"),
        ("proficient", "Proficient"),
        ("l2", "L2"),
        ("team_leads", "Team leads"),
    ];
    let headcount = last(&means(&r.series("all", "headcount")));
    let available = last(&means(&r.series("all", "available_on_floor")));
    let classroom = last(&means(&r.series("all", "classroom")));
    let leads = last(&means(&r.series("all", "team_leads")));
    let mut overlays = Vec::new();
    let mut title = format!("{} employed by {}", people(headcount), cx.last_month());
    if cx.has("graduates_employed") {
        let from = means(&r.series("all", "graduates_employed"));
        title = format!(
            "{title}; {} of them came from the education centres",
            int(last(&from))
        );
        overlays.push(MonthlySeries {
            name: "Of whom from the education centres".into(),
            values: from,
            style: Some(6),
            ..MonthlySeries::default()
        });
    }
    Some(PackChart {
        name: "workforce",
        chart: Chart::StackedAreas(StackedAreaChart {
            title,
            subtitle: format!(
                "People employed at month end by stage. Available on the floor ({} in {}) is \
                 nesting + proficient + L2: it leaves out the classroom ({}) and team leads ({})",
                int(available),
                cx.last_month(),
                int(classroom),
                int(leads)
            ),
            footer: cx.footer_no_band.clone(),
            months: cx.months.clone(),
            x_label: String::new(),
            y_label: "People employed".into(),
            y_format: ValueFormat::Number,
            layers: composition
                .iter()
                .map(|(metric, name)| Layer {
                    name: name.to_string(),
                    values: means(&r.series("all", metric)),
                })
                .collect(),
            overlays,
        }),
        reading: format!(
            "Headcount ends at {} people after {} hires and {} leavers; {} of them are available on \
             the floor (the rest are in the classroom or lead teams).",
            int(r.summary.totals.headcount_end.mean),
            int(r.summary.totals.hires.mean),
            int(r.summary.totals.attrition.mean),
            int(available)
        ),
    })
}
