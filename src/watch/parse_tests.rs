//! Parser tests: precedence, implicit AND, NEAR, fields, phrases, wildcards, and every error
//! with the offset it points at.

use super::*;

/// A compact rendering of the tree: terms by key, `!x`, `(a & b)`, `(a | b)`, `(a ~n b)`,
/// `t:` before a title-only term.
fn show(ast: &Ast) -> String {
    let list = |items: &[Ast], op: &str| {
        let parts: Vec<String> = items.iter().map(show).collect();
        format!("({})", parts.join(op))
    };
    match ast {
        Ast::Term { pat, field, .. } => match field {
            Field::Any => pat.key(),
            Field::Title => format!("t:{}", pat.key()),
        },
        Ast::Not(inner, _) => format!("!{}", show(inner)),
        Ast::And(items) => list(items, " & "),
        Ast::Or(items) => list(items, " | "),
        Ast::Near {
            left,
            right,
            distance,
            ..
        } => format!("({} ~{distance} {})", show(left), show(right)),
    }
}

fn ok(q: &str) -> String {
    show(&parse(q).unwrap_or_else(|e| panic!("{q:?} failed: {e:?}")))
}

fn fails(q: &str) -> (usize, String) {
    match parse(q) {
        Ok(ast) => panic!("{q:?} parsed as {}", show(&ast)),
        Err(e) => (e.offset, e.message),
    }
}

#[test]
fn not_binds_tighter_than_and_which_binds_tighter_than_or() {
    assert_eq!(ok("a OR b AND c"), "(a | (b & c))");
    assert_eq!(ok("a AND b OR c"), "((a & b) | c)");
    assert_eq!(ok("NOT a AND b"), "(!a & b)");
    assert_eq!(ok("NOT a OR b"), "(!a | b)");
    assert_eq!(ok("(a OR b) AND c"), "((a | b) & c)");
    assert_eq!(ok("NOT (a OR b) c"), "(!(a | b) & c)");
}

#[test]
fn adjacent_operands_are_anded() {
    assert_eq!(ok("a b OR c"), "((a & b) | c)");
    assert_eq!(ok("a NOT b"), "(a & !b)");
    assert_eq!(ok("a (b OR c)"), "(a & (b | c))");
    assert_eq!(ok("a -b title:c"), "(a & !b & t:c)");
}

#[test]
fn minus_is_not_only_at_the_start_of_a_term() {
    assert_eq!(ok("swap -crypto"), "(swap & !crypto)");
    assert_eq!(ok("swap -\"exchange rate\""), "(swap & !exchang rate)");
    assert_eq!(ok("swap -(bond OR crypto)"), "(swap & !(bond | crypto))");
    assert_eq!(ok("cross-border"), "cross border");
    assert_eq!(ok("--a b"), "(!!a & b)");
}

#[test]
fn near_binds_tightest_and_takes_terms_phrases_and_or_groups() {
    assert_eq!(ok("a NEAR/8 b"), "(a ~8 b)");
    assert_eq!(
        ok("\"prisoners\" NEAR/8 (exchange OR swap)"),
        "(prisoner ~8 (exchang | swap))"
    );
    assert_eq!(ok("a NEAR/2 b c"), "((a ~2 b) & c)");
    assert_eq!(ok("NOT a NEAR/2 b"), "!(a ~2 b)");
    assert_eq!(ok("a NEAR/2 b NEAR/3 c"), "((a ~2 b) ~3 c)");
    assert_eq!(ok("(a NEAR/2 b) NEAR/3 c"), "((a ~2 b) ~3 c)");
    assert_eq!(ok("a NEAR/100 b"), "(a ~100 b)");
}

#[test]
fn near_errors_say_what_was_expected() {
    assert_eq!(
        fails("a NEAR b"),
        (
            2,
            "NEAR needs a distance: expected NEAR/n, e.g. NEAR/8 for within 8 words".into()
        )
    );
    assert!(fails("a NEAR/ b").1.contains("expected a number of words"));
    assert!(fails("a NEAR/x b").1.contains("found \"x\""));
    assert_eq!(fails("a NEAR/0 b").0, 2);
    assert!(fails("a NEAR/101 b").1.contains("from 1 to 100"));
    assert!(
        fails("a NEAR/99999999999 b")
            .1
            .contains("expected a number")
    );
    assert_eq!(fails("a NEAR/3 (b AND c)").0, 16);
    assert!(fails("a NEAR/3 (b c)").1.contains("found AND inside"));
    assert!(
        fails("(b OR NOT c) NEAR/3 a")
            .1
            .contains("found NOT inside")
    );
    assert_eq!(fails("a NEAR/3 NOT b").0, 9);
    assert!(fails("a NEAR/3").1.contains("query ends"));
    assert!(fails("NEAR/3 a").1.contains("found NEAR/3"));
}

#[test]
fn title_field_restricts_terms_phrases_and_groups() {
    assert_eq!(ok("title:swap"), "t:swap");
    assert_eq!(ok("title:\"prisoner swap\""), "t:prisoner swap");
    assert_eq!(ok("title:(a OR b) c"), "((t:a | t:b) & c)");
    assert_eq!(ok("title:swap NEAR/3 pow"), "(t:swap ~3 pow)");
    // A colon elsewhere is just a separator.
    assert_eq!(ok("10:30"), "10 30");
    assert_eq!(ok("\"note: swap\""), "note swap");
}

#[test]
fn field_errors_say_what_was_expected() {
    assert_eq!(
        fails("body:swap"),
        (
            0,
            "unknown field `body:`: expected `title:` (put a word with a colon in quotes)".into()
        )
    );
    assert_eq!(
        fails("a title: swap"),
        (
            2,
            "expected a term, phrase or `(` directly after `title:`".into()
        )
    );
    assert_eq!(fails("title:").0, 0);
}

#[test]
fn lowercase_operators_are_words() {
    assert_eq!(
        ok("war and peace or not near/3"),
        "(war & and & peac & or & not & near 3)"
    );
}

#[test]
fn phrases_and_hyphenated_words_become_word_sequences() {
    assert_eq!(ok("\"Prisoners of War\""), "prisoner of war");
    assert_eq!(ok("cross-border"), "cross border");
    assert_eq!(
        ok("“Freedom of Russia” Legion"),
        "(freedom of russia & legion)"
    );
    assert_eq!(ok("«Свобода России»"), "свобод росс");
    assert_eq!(ok("P.O.W.s"), "pow");
    assert_eq!(ok("POWs"), "pow");
}

#[test]
fn compound_variants_join_hyphenated_and_two_word_terms() {
    let variants = |q: &str| {
        let t = parse_term(q, 0).expect("term");
        t.compound_variants()
            .iter()
            .map(TermPat::key)
            .collect::<Vec<_>>()
    };
    assert_eq!(variants("cross-border"), ["crossborder"]);
    assert_eq!(variants("cross border"), ["crossborder"]);
    assert_eq!(variants("cross-border raids"), ["crossborder raid"]);
    assert!(variants("prisoners of war").is_empty());
    assert!(variants("swap").is_empty());
    assert!(variants("pris* exchange").is_empty());
}

#[test]
fn wildcards_mark_prefix_words_also_inside_phrases() {
    assert_eq!(ok("prisoner*"), "prisoner*");
    assert_eq!(ok("\"prisoner* of war\""), "prisoner* of war");
    assert_eq!(ok("полонен*"), "полонен*");
}

#[test]
fn terms_are_folded_and_stemmed() {
    assert_eq!(ok("Ещё OR Київ OR Zelenskyý"), "(еще | киів | zelenskyy)");
    assert_eq!(ok("swapped OR полонених"), "(swap | полонен)");
}

#[test]
fn term_labels_and_spans_are_kept() {
    let Ok(Ast::And(items)) = parse("swap \"POW camp\" title:x") else {
        panic!("expected an AND");
    };
    match (&items[1], &items[2]) {
        (
            Ast::Term { label, span, .. },
            Ast::Term {
                label: l2,
                span: s2,
                ..
            },
        ) => {
            assert_eq!(label, "\"POW camp\"");
            assert_eq!(*span, 5..15);
            assert_eq!(l2, "x");
            assert_eq!(*s2, 22..23);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn structural_errors_point_at_the_offending_character() {
    assert_eq!(
        fails(""),
        (0, "empty query: expected at least one term".into())
    );
    assert_eq!(fails("   ").1, "empty query: expected at least one term");
    assert_eq!(
        fails("(a OR b"),
        (0, "expected `)` to close this `(`".into())
    );
    assert_eq!(
        fails("a OR b)"),
        (6, "found `)` without a matching `(`".into())
    );
    assert_eq!(
        fails("a AND"),
        (
            5,
            "expected a term, phrase or `(`, but the query ends here".into()
        )
    );
    assert_eq!(
        fails("OR a"),
        (0, "expected a term, phrase or `(`, found OR".into())
    );
    assert_eq!(fails("a AND OR b").0, 6);
    assert_eq!(
        fails("a ()"),
        (3, "expected a term, phrase or `(`, found `)`".into())
    );
    assert_eq!(
        fails("a \"open phrase"),
        (
            2,
            "unterminated phrase: expected a closing quote after this one".into()
        )
    );
    assert_eq!(
        fails("a \"\""),
        (3, "expected letters or digits in the term".into())
    );
    assert_eq!(fails("— AND a").0, 0);
    assert_eq!(fails("a - b").0, 2);
    assert!(fails("a - b").1.contains("directly after `-`"));
    assert_eq!(fails("a -").0, 2);
    assert_eq!(fails("(a -)").0, 3);
    let long = format!("\"{}\"", "w ".repeat(MAX_PHRASE_WORDS + 1));
    assert!(fails(&long).1.contains("at most 32 words"));
}

#[test]
fn error_offsets_count_characters_not_bytes() {
    // "обмін " is 6 chars but 11 bytes.
    assert_eq!(fails("обмін полон*ені").0, 11);
    assert_eq!(fails("обмін (полон").0, 6);
}

#[test]
fn misplaced_or_short_wildcards_are_errors() {
    assert_eq!(
        fails("*"),
        (0, "expected a word directly before `*`".into())
    );
    assert_eq!(
        fails("pri*soner"),
        (
            3,
            "expected `*` only at the end of a word, not inside it".into()
        )
    );
    assert_eq!(
        fails("a \"x of* war\""),
        (7, "expected at least 3 letters before `*`, found 2".into())
    );
    assert_eq!(fails("ab*").0, 2);
    assert_eq!(fails("abc**"), (4, "expected one `*`, found two".into()));
    assert_eq!(fails("\"abc* *\"").0, 6);
    assert_eq!(fails("\"*abc\"").0, 1);
    assert_eq!(ok("abc*"), "abc*");
}

#[test]
fn absurd_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(fails(&deep).1.contains("nests deeper"));
    let nots = format!("{}a", "NOT ".repeat(10_000));
    assert!(fails(&nots).1.contains("nests deeper"));
    let minus = format!("{}a", "-".repeat(10_000));
    assert!(fails(&minus).1.contains("nests deeper"));
    let ok_depth = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(ok(&ok_depth), "a");
}
