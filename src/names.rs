//! How people are named in commands and agendas: by full name, by short name or by a
//! unique prefix, without regard to case or accents ("raul" finds "Raúl Echeberría").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The comparison key of a name: accents stripped, lower case, spaces collapsed.
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        let mut out = String::with_capacity(name.len());
        for w in name.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
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
    /// Nobody matches or comes near, and the list is short: everyone on it.
    NotListed { everyone: Vec<String> },
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
            Unresolved::NotListed { everyone } => format!(
                "unknown participant \"{query}\" (the participants are {})",
                everyone.join(", ")
            ),
        }
    }
}

pub(crate) fn or_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Finds the one person `query` names among `people`, returning their index.
/// For many look-ups in the same list, build an `Index` once instead.
pub fn resolve<P: Named>(people: &[P], query: &str) -> Result<usize, Unresolved> {
    Index::new(people).resolve(query)
}

/// People's names folded once, so that resolving a name costs a pass over short
/// strings rather than a Unicode normalisation per person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    keys: Vec<Key>,
    /// Folded full and short names to the people who have them: exact look-ups are
    /// the common case (commands and notes use whole names) and should not scan.
    exact: std::collections::HashMap<String, Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    full: String,
    short: Option<String>,
    /// How the person is shown in messages: "Concettina Cassa (Titti)".
    display: String,
}

/// Up to this many people, an unknown name lists them all as candidates.
const LIST_ALL: usize = 8;

impl Index {
    pub fn new<P: Named>(people: &[P]) -> Self {
        let folded = people
            .iter()
            .map(|p| (fold(p.full_name()), p.short_name().map(fold)))
            .collect();
        Index::folded(people, folded)
    }

    /// As `new`, with each person's full and short names already folded: an agenda's
    /// check folds them to find names given twice, and folding a large roster's names
    /// again was a good part of reading the agenda.
    pub fn folded<P: Named>(people: &[P], folded: Vec<(String, Option<String>)>) -> Self {
        debug_assert_eq!(people.len(), folded.len());
        let keys: Vec<Key> = people
            .iter()
            .zip(folded)
            .map(|(p, (full, short))| {
                debug_assert_eq!(full, fold(p.full_name()));
                debug_assert_eq!(short, p.short_name().map(fold));
                Key {
                    full,
                    short,
                    display: match p.short_name() {
                        Some(s) => format!("{} ({s})", p.full_name()),
                        None => p.full_name().to_string(),
                    },
                }
            })
            .collect();
        let mut exact: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, k) in keys.iter().enumerate() {
            exact.entry(k.full.clone()).or_default().push(i);
            if let Some(s) = k.short.as_ref().filter(|s| **s != k.full) {
                exact.entry(s.clone()).or_default().push(i);
            }
        }
        Index { keys, exact }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Finds the one person `query` names, returning their index.
    ///
    /// Exact full or short names win over prefixes, so "Chris" is Chris even when
    /// "Christine" is also present. A prefix may match the start of any word of the
    /// full name ("Echeb" finds Raúl Echeberría) but must be unique.
    pub fn resolve(&self, query: &str) -> Result<usize, Unresolved> {
        self.find(query, true)
    }

    /// As `resolve`, but a name that finds nobody on a roster too long to list comes
    /// without the names like it: looking for them takes an edit distance per person,
    /// which, for every name of a large agenda, adds up to far more than the reading.
    pub fn resolve_unaided(&self, query: &str) -> Result<usize, Unresolved> {
        self.find(query, self.keys.len() <= LIST_ALL)
    }

    fn find(&self, query: &str, suggest: bool) -> Result<usize, Unresolved> {
        let q = fold(query);
        if q.is_empty() {
            return Err(Unresolved::Unknown { candidates: vec![] });
        }
        let exact = self.exact.get(&q).cloned().unwrap_or_default();
        if let Some(found) = self.single(exact)? {
            return Ok(found);
        }
        let prefix = self.matching(|k| {
            k.full.starts_with(&q)
                || k.full.split(' ').any(|w| w.starts_with(&q))
                || k.short.as_deref().is_some_and(|s| s.starts_with(&q))
        });
        if let Some(found) = self.single(prefix)? {
            return Ok(found);
        }
        if !suggest {
            return Err(Unresolved::Unknown { candidates: vec![] });
        }
        let candidates = self.similar(&q);
        if candidates.is_empty() && !self.keys.is_empty() && self.keys.len() <= LIST_ALL {
            return Err(Unresolved::NotListed {
                everyone: self.keys.iter().map(|k| k.display.clone()).collect(),
            });
        }
        Err(Unresolved::Unknown { candidates })
    }

    fn matching(&self, test: impl Fn(&Key) -> bool) -> Vec<usize> {
        self.keys
            .iter()
            .enumerate()
            .filter(|(_, k)| test(k))
            .map(|(i, _)| i)
            .collect()
    }

    fn single(&self, found: Vec<usize>) -> Result<Option<usize>, Unresolved> {
        match found.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(Unresolved::Ambiguous {
                candidates: many.iter().map(|&i| self.keys[i].display.clone()).collect(),
            }),
        }
    }

    /// Up to three names within two edits of the query (or of one of their words, or
    /// of the short name), or sharing its first letters, so a typo gets a useful hint.
    /// A small roster is listed whole when nothing is near.
    fn similar(&self, q: &str) -> Vec<String> {
        let first: String = q.chars().take(3).collect();
        let q: Vec<char> = q.chars().collect();
        let mut scored: Vec<(usize, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                let words = k.full.split(' ').chain(k.short.as_deref());
                let shares_start = words.clone().any(|w| w.starts_with(&first));
                // Those sharing the start are ordered by how near they are; of the
                // others, only whether they are within two edits counts, so most of a
                // large roster is given up on after a few letters.
                let most = if shares_start { usize::MAX } else { 2 };
                let score = words
                    .chain(std::iter::once(k.full.as_str()))
                    .filter_map(|w| edits(w, &q, most))
                    .min()
                    .unwrap_or(usize::MAX);
                (score <= 2 || shares_start).then_some((score, i))
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, i)| self.keys[i].display.clone())
            .collect()
    }
}

/// The candidate `input` most likely misspells: the fewest edits between their `key`s,
/// and near enough to be a typo rather than another word (two edits, or a quarter of
/// the candidate's length). Suggestions for unknown keys, themes, colours.
pub(crate) fn nearest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    key: impl Fn(&str) -> String,
) -> Option<&'a str> {
    let input = key(input);
    candidates
        .into_iter()
        .map(|c| (distance(&key(c), &input), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters; names are short, so the simple table is fine.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    edits(a, &b, usize::MAX).unwrap_or(usize::MAX)
}

/// The Levenshtein distance between `a` and `b` if it is at most `most`. A row of the
/// table is never less than the row before, so once a whole row is past `most` the
/// distance is too, and the rest of the table is not worked out.
fn edits(a: &str, b: &[char], most: usize) -> Option<usize> {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut least = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            least = least.min(row[j + 1]);
            prev = cur;
        }
        if least > most {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= most)
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
        // A small roster is listed whole when nothing is near.
        let err = resolve(&r, "Zed").unwrap_err();
        assert!(matches!(&err, Unresolved::NotListed { everyone } if everyone.len() == 6));
        assert!(err.describe("Zed").starts_with(
            "unknown participant \"Zed\" (the participants are Concettina Cassa (Titti), Raúl"
        ));
        // Short names are candidates too.
        assert_eq!(
            resolve(&r, "Titi"),
            Err(Unresolved::Unknown {
                candidates: vec!["Concettina Cassa (Titti)".into()]
            })
        );
        assert!(resolve(&r, "   ").is_err());
    }

    #[test]
    fn an_edit_distance_given_up_past_a_bound_is_past_it() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "anja",
            "anjaa",
            "ajna",
            "gengo",
            "titti",
            "titi",
            "raúl",
            "raul",
            "echeberria",
            "echeberría",
            "chris",
            "christine",
        ];
        for a in words {
            for b in words {
                let d = distance(a, b);
                let b: Vec<char> = b.chars().collect();
                for most in 0..4 {
                    assert_eq!(edits(a, &b, most), Some(d).filter(|&d| d <= most));
                }
            }
        }
    }

    #[test]
    fn unaided_a_name_of_nobody_on_a_long_roster_comes_without_suggestions() {
        let r: Vec<P> = ["Anja Gengo", "Chris Buckridge", "Titti Cassa"]
            .into_iter()
            .cycle()
            .take(LIST_ALL + 1)
            .map(|n| P(n, None))
            .collect();
        let index = Index::new(&r);
        assert!(matches!(
            index.resolve("Anjaa"),
            Err(Unresolved::Unknown { candidates }) if !candidates.is_empty()
        ));
        assert_eq!(
            index.resolve_unaided("Anjaa"),
            Err(Unresolved::Unknown { candidates: vec![] })
        );
        // Everything else is as `resolve` has it.
        for q in ["Chris", "chris b", "Anja", "Zed"] {
            let unaided = index.resolve_unaided(q);
            if !matches!(unaided, Err(Unresolved::Unknown { .. })) {
                assert_eq!(unaided, index.resolve(q), "{q}");
            }
        }
        // A short roster is listed as before.
        let small = Index::new(&roster());
        assert_eq!(small.resolve_unaided("Zed"), small.resolve("Zed"));
        assert_eq!(small.resolve_unaided("Anjaa"), small.resolve("Anjaa"));
    }
}
