//! The names of notes files, and which item a name belongs to when the agenda has
//! changed since the file was named: the same rules find an item's notes file and an
//! earlier agenda's items in the agenda as it is now.

use crate::agenda::slugify;

/// `01-activities-of-the-wg-strategy-for-2023.md` for item 1 of that title.
pub fn file_name(number: usize, title: &str) -> String {
    let mut slug = slugify(title);
    slug.truncate(40);
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("{number:02}.md")
    } else {
        format!("{number:02}-{slug}.md")
    }
}

/// One way of finding a file name's item.
type Matcher<'a> = dyn Fn(&str) -> Option<usize> + 'a;

/// Finds the item (an index into `titles`) of each notes file name: the item whose
/// file name it is; else the one item whose title its name spells (the item moved);
/// else the item of its number (the title was reworded). Each item is given at most
/// one name.
pub fn place(names: &[&str], titles: &[&str]) -> Vec<Option<usize>> {
    // No files (a new meeting): no item's file name is worth making.
    if names.is_empty() {
        return Vec::new();
    }
    let expected: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| file_name(i + 1, t))
        .collect();
    let slug_of = |name: &str| {
        let stem = name.trim_end_matches(".md");
        stem.trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches('-')
            .to_string()
    };
    let number = |name: &str| {
        name.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| i < titles.len())
    };
    // Three passes, most certain first, so a sure match is never taken by a guess.
    let passes: [&Matcher; 3] = [
        &|name| expected.iter().position(|e| e == name),
        &|name| {
            let slug = slug_of(name);
            let mut same = expected
                .iter()
                .enumerate()
                .filter(|(_, e)| slug_of(e) == slug && !slug.is_empty());
            match (same.next(), same.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        },
        &|name| number(name),
    ];
    let mut placed: Vec<Option<usize>> = vec![None; names.len()];
    let mut taken = vec![false; titles.len()];
    for pass in passes {
        for (k, name) in names.iter().enumerate() {
            if placed[k].is_some() {
                continue;
            }
            if let Some(i) = pass(name).filter(|&i| !taken[i]) {
                placed[k] = Some(i);
                taken[i] = true;
            }
        }
    }
    placed
}

/// An item's notes as their file holds them: a text file ends its last line, so that
/// what an editor or a shell adds at its end (`echo … >> file`) starts a line of its
/// own rather than running on the last one.
pub fn as_file(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_empty() || text.ends_with('\n') {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(format!("{text}\n"))
    }
}

/// The notes a file holds, `as_file` undone for notes that were `like` when the file
/// was made from them: the line break that only the file has is not the notes'.
pub fn from_file(file: &str, like: &str) -> String {
    match file.strip_suffix('\n') {
        Some(text) if !like.is_empty() && !like.ends_with('\n') => text.to_string(),
        _ => file.to_string(),
    }
}

/// Where each item of an earlier agenda (its titles) is in the agenda now: its number
/// (from 1) now, or `None` for an item removed. `None` as a whole: nothing moved.
pub fn renumbering(earlier: &[&str], now: &[&str]) -> Option<Vec<Option<usize>>> {
    let names: Vec<String> = earlier
        .iter()
        .enumerate()
        .map(|(i, t)| file_name(i + 1, t))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let map: Vec<Option<usize>> = place(&names, now)
        .into_iter()
        .map(|i| i.map(|i| i + 1))
        .collect();
    let same = map.len() == now.len() && map.iter().enumerate().all(|(i, n)| *n == Some(i + 1));
    (!same).then_some(map)
}

/// Where item `n` (from 1) of an earlier agenda is now, by `map` (from `renumbering`;
/// `None`: nothing moved) to an agenda of `now` items: its number, or `None` for an
/// item removed. A number past the earlier agenda's items is an item added during the
/// meeting, which follows the agenda's own items then and now, in the same order.
pub fn moved_number(map: Option<&[Option<usize>]>, now: usize, n: usize) -> Option<usize> {
    match map {
        None => Some(n),
        Some(map) if n > map.len() => Some(n - map.len() + now),
        Some(map) => n.checked_sub(1).and_then(|i| map.get(i).copied().flatten()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_found_by_title_before_number() {
        let before = ["Welcome", "Budget review", "AoB"];
        // Nothing moved: no renumbering.
        assert_eq!(renumbering(&before, &before), None);
        // An item added at the top, one removed.
        let now = ["Opening", "Welcome", "Budget review"];
        assert_eq!(
            renumbering(&before, &now),
            Some(vec![Some(2), Some(3), None])
        );
        // Reworded in place: found by its number, nothing moved.
        assert_eq!(renumbering(&before, &["Welcome", "Finances", "AoB"]), None);
        // Reordered.
        assert_eq!(
            renumbering(&before, &["AoB", "Welcome", "Budget review"]),
            Some(vec![Some(2), Some(3), Some(1)])
        );
    }

    #[test]
    fn items_added_in_the_meeting_follow_the_agendas_own() {
        let before = ["Welcome", "Budget review", "AoB"];
        let now = ["Opening", "Welcome", "Budget review"];
        let map = renumbering(&before, &now);
        // 4 and 5 were added to the three: they follow the three of now.
        assert_eq!(moved_number(map.as_deref(), 3, 4), Some(4));
        assert_eq!(moved_number(map.as_deref(), 3, 5), Some(5));
        assert_eq!(moved_number(map.as_deref(), 3, 1), Some(2));
        assert_eq!(moved_number(map.as_deref(), 3, 3), None);
        let map = renumbering(&before, &["Opening", "Welcome", "Budget review", "AoB"]);
        assert_eq!(moved_number(map.as_deref(), 4, 4), Some(5));
        assert_eq!(moved_number(None, 4, 7), Some(7));
        assert_eq!(moved_number(map.as_deref(), 4, 0), None);
    }
}
