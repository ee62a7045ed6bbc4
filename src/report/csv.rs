//! `monthly.csv` in tidy long format: `month,scope,metric,mean,ci95_low,ci95_high`.

use crate::results::MonthlyRow;

/// Serialises monthly rows.
pub fn monthly(rows: &[MonthlyRow]) -> Vec<u8> {
    let mut out = String::from("month,scope,metric,mean,ci95_low,ci95_high\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.month, r.scope, r.metric, r.stat.mean, r.stat.ci95[0], r.stat.ci95[1]
        ));
    }
    out.into_bytes()
}
