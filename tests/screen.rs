//! The moderator's screen drawn into a test terminal at 80×24 and 160×48, compared
//! with reviewed snapshots (`tests/snapshots/`), and its styles without colour.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use agendum::app::{App, Input, Key};
use agendum::meeting::Meeting;
use agendum::theme::Theme;

const DEMO: &str = include_str!("../agendas/demo.toml");
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 14, 0, 0).unwrap()
}

/// A moderator at the keyboard: keys, commands and the passing of time.
struct Moderator {
    app: App,
    now: DateTime<Utc>,
}

impl Moderator {
    fn new() -> Self {
        let agenda = agendum::agenda::parse_str("demo.toml", DEMO).unwrap();
        let mut app = App::new(Meeting::new(agenda), t0());
        app.folder = "/srv/wg/2026-11-26-wg-opendata-12".into();
        Moderator { app, now: t0() }
    }

    fn keys(&mut self, keys: &str) -> &mut Self {
        for c in keys.chars() {
            self.key(Key::Char(c));
        }
        self
    }

    fn key(&mut self, k: Key) -> &mut Self {
        self.app.handle(Input::Key(k), self.now);
        self
    }

    fn command(&mut self, line: &str) -> &mut Self {
        self.keys(":").keys(line).key(Key::Enter)
    }

    fn wait(&mut self, seconds: i64) -> &mut Self {
        self.now += TimeDelta::seconds(seconds);
        self.app.handle(Input::Tick, self.now);
        self
    }
}

fn buffer(app: &App, theme: &Theme, (w, h): (u16, u16)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| agendum::ui::draw(f, app, theme)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(b: &Buffer) -> String {
    let area = b.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(b[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Both sizes, as a terminal resized from one to the other shows them.
fn snapshot(name: &str, app: &mut App) {
    let theme = Theme::default_theme();
    for size in SIZES {
        app.handle(Input::Resize, app.now);
        let screen = text(&buffer(app, &theme, size));
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

/// Item 3 under way: a speaker with the floor and a queue of all four kinds, notes
/// with a decision and an action.
fn in_progress() -> Moderator {
    let mut m = Moderator::new();
    m.keys("r").keys("    !").key(Key::Esc);
    m.keys("n").wait(240).keys("n").wait(480).keys("n").wait(60);
    m.command("q+ Lars question")
        .keys(" ")
        .command("q+ Tom")
        .command("q+ Priya reply to the timeline")
        .command("q+ Hiroshi question")
        .command("q+ Amina order");
    m.keys("i")
        .keys("Marta presented draft 0.3; 14 comments came in.")
        .key(Key::Esc);
    m.command("decision the profile goes to public review")
        .command("action Kwame: collect the comments due 2026-12-10");
    m.wait(95);
    m
}

#[test]
fn a_fresh_meeting() {
    let mut m = Moderator::new();
    m.wait(-300);
    snapshot("fresh", &mut m.app);
}

#[test]
fn an_item_in_progress_with_a_queue_of_all_four_kinds() {
    let mut m = in_progress();
    let screen = text(&buffer(&m.app, &Theme::default_theme(), (160, 48)));
    for shown in [
        "Tom Becker",
        "ORDER",
        "Amina Yusuf",
        "Priya Nair",
        "question",
        "DECISION",
        "ACTION",
        "Marta presented draft 0.3",
    ] {
        assert!(
            screen.contains(shown),
            "{shown} is not on the screen:\n{screen}"
        );
    }
    snapshot("in_progress", &mut m.app);
}

#[test]
fn an_overrun_item() {
    let mut m = Moderator::new();
    m.keys("n").wait(7 * 60 + 12);
    snapshot("overrun", &mut m.app);
}

#[test]
fn the_help_overlay() {
    let mut m = in_progress();
    m.keys("?");
    snapshot("help", &mut m.app);
}

#[test]
fn the_picker() {
    let mut m = in_progress();
    m.keys("h").keys("ra");
    snapshot("picker", &mut m.app);
}

#[test]
fn the_attendance_panel() {
    let mut m = in_progress();
    m.keys("r").key(Key::Down).key(Key::Down);
    snapshot("attendance", &mut m.app);
}

/// A roll call half done, one key per person, the selection on the next.
#[test]
fn the_roll_call_mid_way() {
    let mut m = Moderator::new();
    m.keys("r").keys("  !- ");
    snapshot("roll_call", &mut m.app);
}

/// A name being found by typing: the selection on it, the search below.
#[test]
fn the_roll_call_with_a_search() {
    let mut m = Moderator::new();
    m.keys("r").keys("  ").keys("okaf");
    snapshot("roll_call_find", &mut m.app);
}

#[test]
fn the_report_preview() {
    let mut m = in_progress();
    m.keys("w");
    snapshot("preview", &mut m.app);
}

#[test]
fn a_terminal_too_small_says_so_at_every_size_below_the_minimum() {
    let m = in_progress();
    let theme = Theme::default_theme();
    let screen = text(&buffer(&m.app, &theme, (50, 12)));
    insta::assert_snapshot!("too_small_50x12", screen);
    // Never a panic, down to nothing.
    for w in 0..=agendum::ui::MIN_WIDTH {
        for h in [0, 1, 2, 5, agendum::ui::MIN_HEIGHT] {
            let screen = text(&buffer(&m.app, &theme, (w, h)));
            if (20..agendum::ui::MIN_WIDTH).contains(&w) && h >= 5 {
                assert!(screen.contains("too small"), "{w}×{h}:\n{screen}");
            }
        }
    }
}

#[test]
fn every_overlay_draws_at_every_size_without_panicking() {
    let mut m = in_progress();
    let theme = Theme::default_theme();
    for keys in ["", "?", "h", "hto\n", "r", "w", ":", "i", "s", "\t"] {
        m.key(Key::Esc).key(Key::Esc);
        for c in keys.chars() {
            match c {
                '\n' => m.key(Key::Enter),
                '\t' => m.key(Key::Tab),
                c => m.keys(&c.to_string()),
            };
        }
        for (w, h) in [
            (60, 16),
            (61, 17),
            (79, 23),
            (119, 30),
            (120, 30),
            (250, 80),
        ] {
            buffer(&m.app, &theme, (w, h));
        }
    }
}

/// Cells whose text starts with `needle` on the row that holds it.
fn style_of(b: &Buffer, needle: &str) -> ratatui::style::Style {
    let screen = text(b);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} is not on the screen:\n{screen}"));
    let col = line[..line.find(needle).unwrap()].chars().count() as u16;
    b[(col, y as u16)].style()
}

#[test]
fn without_colour_every_state_still_shows_through_modifiers() {
    let theme = Theme::default_theme().without_colour();
    let mut m = in_progress();
    m.wait(30 * 60);
    let b = buffer(&m.app, &theme, (160, 48));
    for (y, x) in (0..48).flat_map(|y| (0..160).map(move |x| (y, x))) {
        let s = b[(x, y)].style();
        assert!(
            s.fg.is_none_or(|c| c == ratatui::style::Color::Reset)
                && s.bg.is_none_or(|c| c == ratatui::style::Color::Reset),
            "a colour at {x},{y}: {s:?}"
        );
    }
    let plain = style_of(&b, "Welcome and adoption").add_modifier;
    let current = style_of(&b, "Metadata profile, draft 0.3").add_modifier;
    let overrun = style_of(&b, "3 Metadata").add_modifier;
    let speaker = style_of(&b, "Lars Eriksen").add_modifier;
    let focus = style_of(&b, "Agenda").add_modifier;
    for (what, m) in [
        ("the current item", current),
        ("an overrun timer", overrun),
        ("the current speaker", speaker),
        ("the focused pane", focus),
    ] {
        assert_ne!(m, Modifier::empty(), "{what} has no modifier");
        assert_ne!(m, plain, "{what} looks like a done item");
    }
}

#[test]
fn an_unreachable_meeting_folder_stays_in_sight_until_it_is_back() {
    let mut m = in_progress();
    m.app.drive_trouble = Some("/srv/wg: Read-only file system".into());
    let theme = Theme::default_theme();
    for size in SIZES {
        let b = buffer(&m.app, &theme, size);
        let screen = text(&b);
        let line = screen.lines().nth(1).unwrap();
        assert!(
            line.contains("folder unreachable: saved locally"),
            "{size:?}:\n{screen}"
        );
        let x = line.find("folder unreachable").unwrap();
        let x = line[..x].chars().count() as u16;
        assert_eq!(b[(x, 1)].style().fg, theme.warning.fg, "{size:?}");
    }
    m.app.drive_trouble = None;
    let screen = text(&buffer(&m.app, &theme, (80, 24)));
    assert!(!screen.contains("unreachable"), "{screen}");
}

/// A line that looks like a label but is not read is marked in the notes pane and
/// listed first among decisions and actions, and the status line names it.
#[test]
fn a_label_not_read_is_marked_and_named() {
    let mut m = Moderator::new();
    m.keys("n");
    m.keys("i")
        .keys("Marta opened.")
        .key(Key::Enter)
        .keys("ACTON: Kwame: collect the comments")
        .key(Key::Enter)
        .keys("ACTION: Nobody Known: file it")
        .key(Key::Esc);
    let theme = Theme::default_theme();
    for size in SIZES {
        let screen = text(&buffer(&m.app, &theme, size));
        assert!(
            screen.contains("! line 2: \"ACTON:\" is not a label"),
            "{size:?}:\n{screen}"
        );
        assert!(screen.contains("(+1)"), "{size:?}:\n{screen}");
        assert!(screen.contains("? line 2:"), "{size:?}:\n{screen}");
        assert!(screen.contains("2 not read"), "{size:?}:\n{screen}");
        assert!(
            screen.contains(
                "notes line 2: \"ACTON:\" is not a label (did you mean ACTION:?) (and 1 more)"
            ),
            "{size:?}:\n{screen}"
        );
    }
    // Fixed, the marks go.
    m.keys("i")
        .key(Key::Up)
        .key(Key::Home)
        .keys("ACTION: Kwame: x")
        .key(Key::Esc);
    let screen = text(&buffer(&m.app, &theme, (160, 48)));
    assert!(!screen.contains("\"ACTON:\""), "{screen}");
}

/// The text of the screen's row holding `needle`.
fn row_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} is not on the screen:\n{screen}"))
}

#[test]
fn an_item_and_a_sub_item_added_during_the_meeting() {
    let mut m = Moderator::new();
    m.keys("n").wait(120).keys("n").wait(60);
    m.command("agenda+ 3 Comments on the glossary 5m");
    m.command("agenda+ Budget for the workshop 10m");
    let theme = Theme::default_theme();
    for size in SIZES {
        let screen = text(&buffer(&m.app, &theme, size));
        assert!(
            screen.contains("added item 7 \"Budget for the workshop\" (10m)"),
            "{size:?}:\n{screen}"
        );
        assert!(
            row_with(&screen, "7. Budget for").contains("10m"),
            "{screen}"
        );
        assert!(
            row_with(&screen, "c. Comments on").contains("5m"),
            "{screen}"
        );
        assert!(screen.contains("Agenda 1/10"), "{size:?}:\n{screen}");
    }
    // Taken up, it is the current item like any other.
    m.command("item 7").wait(30);
    snapshot("added", &mut m.app);
}

#[test]
fn an_item_closed_without_taking_up_another() {
    let mut m = Moderator::new();
    m.keys("n").wait(90);
    m.keys("i")
        .keys("Agenda adopted. Minutes: averyveryverylongtokenwithoutanyslashordashthatgoesonandon end")
        .key(Key::Esc);
    m.command("close").wait(20);
    let theme = Theme::default_theme();
    for size in SIZES {
        let screen = text(&buffer(&m.app, &theme, size));
        assert!(
            screen.contains(
                "item 1 closed at 1:30/5m: no item is being discussed; n takes up item 2"
            ),
            "{size:?}:\n{screen}"
        );
        assert!(
            screen.contains("no item is being discussed: n takes up item 2"),
            "{size:?}:\n{screen}"
        );
        assert!(screen.contains("✓ 1. Welcome"), "{screen}");
        // The notes pane says whose notes it shows, and no word of them is cut off.
        assert!(
            row_with(&screen, "Notes 1").contains("no item is being discussed"),
            "{size:?}:\n{screen}"
        );
        let notes: String = screen
            .lines()
            .skip_while(|l| !l.contains("Notes 1"))
            .skip(2)
            .take(6)
            .map(|l| l.split('│').nth(1).unwrap_or("").trim())
            .collect();
        assert!(
            notes.contains("averyveryverylongtokenwithoutanyslashordashthatgoesonandon end"),
            "{size:?}: {notes}\n{screen}"
        );
    }
    snapshot("closed", &mut m.app);
}

#[test]
fn the_end_of_the_meeting() {
    let mut m = Moderator::new();
    for _ in 0..8 {
        m.keys("n").wait(300);
    }
    // Past the last point: closed, and the meeting clock stops.
    m.keys("n").wait(600);
    let theme = Theme::default_theme();
    for size in SIZES {
        let screen = text(&buffer(&m.app, &theme, size));
        for said in [
            "meeting 40:00 of 1:30:00 · ended 14:40",
            "the agenda is done: w writes the report · :item N reopens an item",
            "item 6 closed at 5:00/10m: the agenda is done; w writes the report",
            "Agenda 8/8",
        ] {
            assert!(screen.contains(said), "{size:?}: {said}\n{screen}");
        }
    }
    snapshot("ended", &mut m.app);
    // n says so again; p takes the last item up again and the clock runs on.
    m.keys("n");
    assert_eq!(
        m.app.status.as_ref().map(|s| s.text.as_str()),
        Some("the agenda is done: :item N reopens an item, w writes the report")
    );
    m.keys("p").wait(5);
    let screen = text(&buffer(&m.app, &theme, (80, 24)));
    assert!(screen.contains("meeting 50:05 of 1:30:00"), "{screen}");
    assert!(
        screen.contains("item 6 taken up again: the meeting clock runs on"),
        "{screen}"
    );
}

#[test]
fn the_current_items_lead_and_documents() {
    let mut m = Moderator::new();
    m.command("item 3b").wait(30);
    let theme = Theme::default_theme();
    let screen = text(&buffer(&m.app, &theme, (80, 24)));
    // One line at 80×24: the sub-item's lead, the item's documents.
    assert!(
        row_with(&screen, "lead Kwame").contains("2 docs Metadata profile"),
        "{screen}"
    );
    let screen = text(&buffer(&m.app, &theme, (160, 48)));
    assert!(screen.contains("lead Kwame Mensah"), "{screen}");
    assert!(
        screen.contains("doc  Comments received in the public review <https://"),
        "{screen}"
    );
    snapshot("lead_documents", &mut m.app);
}

#[test]
fn an_agenda_not_dated_today_is_said_at_start() {
    let agenda = agendum::agenda::parse_str("demo.toml", DEMO).unwrap();
    let next_day = t0() + TimeDelta::days(1);
    let mut app = App::new(Meeting::new(agenda), next_day);
    app.greet(
        agendum::app::Level::Info,
        "meeting folder: /srv/wg/2026-11-26-wg-opendata-12 · n starts the first item · ? help",
    );
    let theme = Theme::default_theme();
    for size in SIZES {
        let screen = text(&buffer(&app, &theme, size));
        assert!(
            screen.contains("this agenda is dated 26 November 2026 (not today) · meeting folder"),
            "{size:?}:\n{screen}"
        );
    }
    snapshot("date_notice", &mut app);
}

/// The last `rows` rows of a screen.
fn bottom(screen: &str, rows: usize) -> Vec<&str> {
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - rows..].to_vec()
}

#[test]
fn a_long_message_wraps_onto_a_second_row_and_nothing_is_cut() {
    let mut m = in_progress();
    m.command("q+ Marta")
        .command("q+ Kwame")
        .command("q+ Sophie");
    m.command("lastword Dan");
    let said = "Daniel Okafor speaks last; 7 removed from the queue (Amina Yusuf, Hiroshi \
                Tanaka, Priya Nair and 4 more); queue closed";
    assert_eq!(m.app.status.as_ref().unwrap().text, said);
    let theme = Theme::default_theme();
    let screen = text(&buffer(&m.app, &theme, (80, 24)));
    let [first, second, hints] = bottom(&screen, 3)[..] else {
        unreachable!()
    };
    assert_eq!(format!("{first} {second}"), said, "{screen}");
    assert!(hints.contains("q quit"), "{screen}");
    // Wide, one row.
    let screen = text(&buffer(&m.app, &theme, (160, 48)));
    assert_eq!(bottom(&screen, 2)[0], said);
    snapshot("long_message", &mut m.app);
    // Longer than two rows: the second ends saying where the rest is.
    m.app.say(agendum::app::Level::Warning, said.repeat(3));
    let screen = text(&buffer(&m.app, &theme, (80, 24)));
    let rows = bottom(&screen, 3);
    assert!(rows[1].ends_with("… (m: all messages)"), "{screen}");
    assert!(rows[1].chars().count() <= 80, "{screen}");
}

#[test]
fn the_messages_overlay_lists_the_last_messages_with_their_times() {
    let mut m = in_progress();
    m.command("q+ Nobody");
    m.key(agendum::app::Key::Esc);
    m.wait(5).command("lastword Dan");
    m.keys("m");
    let theme = Theme::default_theme();
    let screen = text(&buffer(&m.app, &theme, (80, 24)));
    assert!(screen.contains("Messages "), "{screen}");
    assert!(
        screen.contains("14:14:40  Daniel Okafor speaks last; 4 removed from the queue"),
        "{screen}"
    );
    assert!(
        screen.contains("unknown participant \"Nobody\""),
        "{screen}"
    );
    // The status line and the hints stay in sight under it.
    assert!(bottom(&screen, 1)[0].contains("Esc close"), "{screen}");
    snapshot("messages", &mut m.app);
    // Scrolled to the oldest.
    m.keys("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
    let screen = text(&buffer(&m.app, &theme, (80, 24)));
    assert!(screen.contains("Tom Becker queued"), "{screen}");
}

#[test]
fn the_hint_line_keeps_help_report_and_quit_at_80_and_100_columns() {
    let m = in_progress();
    let theme = Theme::default_theme();
    let mut rows = String::new();
    for size in [(80, 24), (100, 30), (160, 48)] {
        let screen = text(&buffer(&m.app, &theme, size));
        let hints = bottom(&screen, 1)[0];
        for key in ["? help", "w report", "q quit"] {
            assert!(hints.contains(key), "{size:?}: {hints}");
        }
        rows.push_str(&format!("{:>3}: {hints}\n", size.0));
    }
    insta::assert_snapshot!("hint_lines", rows);
}

/// Item 3 under way with a conflict left in its notes by an editor.
fn with_a_conflict() -> Moderator {
    let mut m = in_progress();
    m.app.notes_from_editor(
        2,
        Ok(
            "Marta presented draft 0.3.\n<<<<<<< mine\nAdopted.\n=======\nNot adopted.\n\
            >>>>>>> theirs\n"
                .into(),
        ),
    );
    m
}

#[test]
fn a_conflict_in_the_notes_shows_on_the_main_screen_and_in_the_preview() {
    let mut m = with_a_conflict();
    let theme = Theme::default_theme();
    for size in SIZES {
        let b = buffer(&m.app, &theme, size);
        let screen = text(&b);
        let line = screen.lines().nth(1).unwrap();
        assert!(
            line.contains("! conflict in item 3's notes"),
            "{size:?}:\n{screen}"
        );
        let x = line[..line.find("! conflict").unwrap()].chars().count() as u16;
        assert_eq!(b[(x, 1)].style().fg, theme.warning.fg, "{size:?}");
    }
    snapshot("conflict", &mut m.app);
    m.keys("w");
    for size in SIZES {
        let screen = text(&buffer(&m.app, &theme, size));
        assert!(
            screen.contains("! item 3's notes hold a conflict (line 2): the report would"),
            "{size:?}:\n{screen}"
        );
    }
    snapshot("conflict_preview", &mut m.app);
    // w asks, in sight under the preview; only y writes.
    m.keys("w");
    let screen = text(&buffer(&m.app, &theme, (160, 48)));
    assert!(
        screen.contains("item 3's notes hold a conflict (line 2): the report would show both texts. y writes it so"),
        "{screen}"
    );
    assert!(screen.contains("Report preview"), "{screen}");
}

#[test]
fn the_current_topic_stays_in_sight_while_replies_are_heard() {
    let mut m = Moderator::new();
    m.keys("n");
    m.command("q+ Tom the budget for 2027")
        .keys(" ")
        .wait(40)
        .command("q+ Priya reply the timeline is too short")
        .command("q+ Hiroshi");
    m.keys(" ").wait(25);
    let screen = text(&buffer(&m.app, &Theme::default_theme(), (80, 24)));
    assert!(
        screen.contains("Topic: the budget for 2027 — Tom Becker"),
        "{screen}"
    );
    assert!(
        screen.contains("reply: the timeline is too short"),
        "{screen}"
    );
    snapshot("current_topic", &mut m.app);
}

#[test]
fn the_queue_pane_is_as_wide_as_its_names_at_160_columns() {
    let mut m = Moderator::new();
    m.keys("n");
    m.command("guest+ Maria Fernanda Gonçalves de Albuquerque")
        .command("guest+ Jorge Cancio Meléndez-Sánchez")
        .command("q+ Jorge question")
        .keys(" ")
        .command("q+ Maria reply on the data profile")
        .command("q+ Tom")
        .wait(30);
    let screen = text(&buffer(&m.app, &Theme::default_theme(), (160, 48)));
    for name in [
        "Maria Fernanda Gonçalves de Albuquerque",
        "▶ Jorge Cancio Meléndez-Sánchez question",
    ] {
        assert!(screen.contains(name), "{name} is cut:\n{screen}");
    }
    snapshot("queue_long_names", &mut m.app);
}

#[test]
fn the_speaking_times_view() {
    let mut m = in_progress();
    m.command("q+ Kwame").keys(" ").wait(70).keys(" ").wait(20);
    m.keys("s");
    let screen = text(&buffer(&m.app, &Theme::default_theme(), (80, 24)));
    assert!(screen.contains("Speaking times"), "{screen}");
    snapshot("speaking_times", &mut m.app);
}
