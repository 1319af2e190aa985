//! How people are named in commands and agendas: by full name, by short name or by a
//! unique prefix, without regard to case or accents ("raul" finds "Raúl Echeberría").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The comparison key of a name: accents stripped, lower case, spaces collapsed.
pub fn fold(name: &str) -> String {
    let stripped: String = name.nfd().filter(|c| !is_combining_mark(*c)).collect();
    stripped
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Someone a name may refer to: their full name and, optionally, a short name.
pub trait Named {
    fn full_name(&self) -> &str;
    fn short_name(&self) -> Option<&str>;
}

/// Why a name did not resolve to exactly one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// Nobody matches; the closest names, to help the user.
    Unknown { candidates: Vec<String> },
    /// Several people match; all of them.
    Ambiguous { candidates: Vec<String> },
}

impl Unresolved {
    /// A sentence for error messages: `unknown participant "X" (did you mean A or B?)`.
    pub fn describe(&self, query: &str) -> String {
        match self {
            Unresolved::Unknown { candidates } if candidates.is_empty() => {
                format!("unknown participant \"{query}\"")
            }
            Unresolved::Unknown { candidates } => format!(
                "unknown participant \"{query}\" (did you mean {}?)",
                or_list(candidates)
            ),
            Unresolved::Ambiguous { candidates } => format!(
                "\"{query}\" is ambiguous: it could be {}",
                or_list(candidates)
            ),
        }
    }
}

fn or_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Finds the one person `query` names among `people`, returning their index.
///
/// Exact full or short names win over prefixes, so "Chris" is Chris even when
/// "Christine" is also present. A prefix may match the start of any word of the full
/// name ("Echeb" finds Raúl Echeberría) but must be unique.
pub fn resolve<P: Named>(people: &[P], query: &str) -> Result<usize, Unresolved> {
    let q = fold(query);
    if q.is_empty() {
        return Err(Unresolved::Unknown { candidates: vec![] });
    }
    let exact: Vec<usize> = matching(people, |p| {
        fold(p.full_name()) == q || p.short_name().is_some_and(|s| fold(s) == q)
    });
    if let Some(found) = single(people, exact)? {
        return Ok(found);
    }
    let prefix: Vec<usize> = matching(people, |p| {
        let full = fold(p.full_name());
        full.starts_with(&q)
            || full.split(' ').any(|w| w.starts_with(&q))
            || p.short_name().is_some_and(|s| fold(s).starts_with(&q))
    });
    if let Some(found) = single(people, prefix)? {
        return Ok(found);
    }
    Err(Unresolved::Unknown {
        candidates: similar(people, &q),
    })
}

fn matching<P: Named>(people: &[P], test: impl Fn(&P) -> bool) -> Vec<usize> {
    people
        .iter()
        .enumerate()
        .filter(|(_, p)| test(p))
        .map(|(i, _)| i)
        .collect()
}

fn single<P: Named>(people: &[P], found: Vec<usize>) -> Result<Option<usize>, Unresolved> {
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(Unresolved::Ambiguous {
            candidates: many.iter().map(|&i| display(&people[i])).collect(),
        }),
    }
}

fn display<P: Named>(p: &P) -> String {
    match p.short_name() {
        Some(s) => format!("{} ({s})", p.full_name()),
        None => p.full_name().to_string(),
    }
}

/// Up to three names that share a word start or a few letters with the query, so a
/// typo gets a useful hint.
fn similar<P: Named>(people: &[P], q: &str) -> Vec<String> {
    let first: String = q.chars().take(3).collect();
    let mut scored: Vec<(usize, usize)> = people
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let full = fold(p.full_name());
            let score = distance(&full, q).min(
                full.split(' ')
                    .map(|w| distance(w, q))
                    .min()
                    .unwrap_or(usize::MAX),
            );
            let shares_start = full.split(' ').any(|w| w.starts_with(&first));
            (score <= 2 || shares_start).then_some((score, i))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, i)| display(&people[i]))
        .collect()
}

/// Levenshtein distance over characters; names are short, so the simple table is fine.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    struct P(&'static str, Option<&'static str>);
    impl Named for P {
        fn full_name(&self) -> &str {
            self.0
        }
        fn short_name(&self) -> Option<&str> {
            self.1
        }
    }

    fn roster() -> Vec<P> {
        vec![
            P("Concettina Cassa", Some("Titti")),
            P("Raúl Echeberría", None),
            P("Chris Buckridge", None),
            P("Chris Disspain", None),
            P("Anriette Esterhuysen", None),
            P("Anja Gengo", None),
        ]
    }

    #[test]
    fn folds_accents_case_and_spaces() {
        assert_eq!(fold("  Raúl   ECHEBERRÍA "), "raul echeberria");
    }

    #[test]
    fn resolves_full_short_prefix_and_accents() {
        let r = roster();
        assert_eq!(resolve(&r, "Raul"), Ok(1));
        assert_eq!(resolve(&r, "raúl echeberria"), Ok(1));
        assert_eq!(resolve(&r, "Echeb"), Ok(1));
        assert_eq!(resolve(&r, "titti"), Ok(0));
        assert_eq!(resolve(&r, "Concettina Cassa"), Ok(0));
        assert_eq!(resolve(&r, "Anri"), Ok(4));
        assert_eq!(resolve(&r, "Chris B"), Ok(2));
    }

    #[test]
    fn an_ambiguous_prefix_lists_every_candidate() {
        let r = roster();
        let err = resolve(&r, "Chris").unwrap_err();
        assert_eq!(
            err,
            Unresolved::Ambiguous {
                candidates: vec!["Chris Buckridge".into(), "Chris Disspain".into()]
            }
        );
        assert_eq!(
            err.describe("Chris"),
            "\"Chris\" is ambiguous: it could be Chris Buckridge or Chris Disspain"
        );
        assert!(matches!(
            resolve(&r, "An"),
            Err(Unresolved::Ambiguous { .. })
        ));
    }

    #[test]
    fn an_exact_name_beats_a_longer_one_it_prefixes() {
        let r = vec![P("Chris", None), P("Christine Arida", None)];
        assert_eq!(resolve(&r, "chris"), Ok(0));
    }

    #[test]
    fn an_unknown_name_suggests_near_ones() {
        let r = roster();
        let err = resolve(&r, "Anjaa").unwrap_err();
        assert_eq!(
            err,
            Unresolved::Unknown {
                candidates: vec!["Anja Gengo".into()]
            }
        );
        assert!(err.describe("Anjaa").contains("did you mean Anja Gengo?"));
        assert_eq!(
            resolve(&r, "Zed"),
            Err(Unresolved::Unknown { candidates: vec![] })
        );
        assert!(resolve(&r, "   ").is_err());
    }
}
