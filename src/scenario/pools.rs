//! Pools: the (skill, language) groups of people a capacity plan counts
//! separately, because a surplus in one cannot serve the lines of another.

use super::lines::Names;
use super::plan::{LinePlan, PoolPlan, TeamPlan};

/// The pools the lines need, in order of first use, without teams yet.
pub fn of_lines(lines: &[LinePlan], names: &Names) -> Vec<PoolPlan> {
    let mut pools: Vec<PoolPlan> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match pools
            .iter_mut()
            .find(|p| p.skill == line.skill && p.language == line.language)
        {
            Some(pool) => pool.lines.push(i),
            None => pools.push(PoolPlan {
                id: match line.language {
                    Some(l) => format!("{}_{}", names.skills[line.skill], names.languages[l]),
                    None => names.skills[line.skill].clone(),
                },
                skill: line.skill,
                language: line.language,
                lines: vec![i],
                teams: Vec::new(),
            }),
        }
    }
    pools
}

/// The pool a person of `skill` speaking `language` belongs to: the pool of
/// that exact language if some line needs it, else the skill's any-language
/// pool.
pub fn pool_of(pools: &[PoolPlan], skill: usize, language: Option<usize>) -> Option<usize> {
    pools
        .iter()
        .position(|p| p.skill == skill && p.language.is_some() && p.language == language)
        .or_else(|| {
            pools
                .iter()
                .position(|p| p.skill == skill && p.language.is_none())
        })
}

/// Fills each pool's teams. Pipeline teams (one skill, one language) belong
/// to exactly one pool; a fixed-mode team counts towards every pool whose
/// lines it serves.
pub fn attach_teams(
    pools: &mut [PoolPlan],
    teams: &[TeamPlan],
    lines: &[LinePlan],
    pipeline: bool,
) {
    for (t, team) in teams.iter().enumerate() {
        if pipeline {
            let language = team.languages.as_ref().and_then(|l| l.first().copied());
            if let Some(p) = team
                .skills
                .first()
                .and_then(|&s| pool_of(pools, s, language))
            {
                pools[p].teams.push(t);
            }
        } else {
            for pool in pools.iter_mut() {
                if pool.lines.iter().any(|&l| team.serves(&lines[l])) {
                    pool.teams.push(t);
                }
            }
        }
    }
}
