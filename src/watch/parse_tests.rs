//! Parser tests: precedence, implicit AND, phrases, wildcards and error offsets.

use super::*;

/// A compact rendering of the tree: terms by key, `!x`, `(a & b)`, `(a | b)`.
fn show(ast: &Ast) -> String {
    match ast {
        Ast::Term { pat, .. } => pat.key(),
        Ast::Not(inner, _) => format!("!{}", show(inner)),
        Ast::And(items) => format!(
            "({})",
            items.iter().map(show).collect::<Vec<_>>().join(" & ")
        ),
        Ast::Or(items) => format!(
            "({})",
            items.iter().map(show).collect::<Vec<_>>().join(" | ")
        ),
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
}

#[test]
fn lowercase_operators_are_words() {
    assert_eq!(ok("war and peace or not"), "(war & and & peace & or & not)");
}

#[test]
fn phrases_and_hyphenated_words_become_word_sequences() {
    assert_eq!(ok("\"Prisoners of War\""), "prisoners of war");
    assert_eq!(ok("cross-border"), "cross border");
    assert_eq!(
        ok("“Freedom of Russia” Legion"),
        "(freedom of russia & legion)"
    );
    assert_eq!(ok("P.O.W."), "p o w");
}

#[test]
fn wildcards_mark_prefix_words_also_inside_phrases() {
    assert_eq!(ok("prisoner*"), "prisoner*");
    assert_eq!(ok("\"prisoner* of war\""), "prisoner* of war");
    assert_eq!(ok("полонен*"), "полонен*");
}

#[test]
fn terms_are_folded() {
    assert_eq!(ok("Ещё OR Київ OR Zelenskyý"), "(еще | киів | zelenskyy)");
}

#[test]
fn term_labels_and_offsets_are_kept() {
    let Ok(Ast::And(items)) = parse("swap \"POW camp\"") else {
        panic!("expected an AND");
    };
    match &items[1] {
        Ast::Term { label, offset, .. } => {
            assert_eq!(label, "\"POW camp\"");
            assert_eq!(*offset, 5);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn errors_point_at_the_offending_character() {
    assert_eq!(fails("").0, 0);
    assert_eq!(fails("   ").1, "empty query");
    assert_eq!(fails("(a OR b").0, 0);
    assert_eq!(fails("a OR b)"), (6, "`)` without a matching `(`".into()));
    assert_eq!(
        fails("a AND"),
        (5, "query ends where a term was expected".into())
    );
    assert_eq!(fails("OR a").0, 0);
    assert_eq!(fails("a AND OR b").0, 6);
    assert_eq!(fails("a ()").0, 3);
    assert_eq!(fails("a \"open phrase").0, 2);
    assert_eq!(fails("a \"\"").1, "term has no letters or digits");
    assert_eq!(fails("— AND a").0, 0);
}

#[test]
fn error_offsets_count_characters_not_bytes() {
    // "обмін " is 6 chars but 11 bytes.
    assert_eq!(fails("обмін полон*ені").0, 11);
    assert_eq!(fails("обмін (полон").0, 6);
}

#[test]
fn misplaced_or_short_wildcards_are_errors() {
    assert_eq!(fails("*").0, 0);
    assert_eq!(fails("pri*soner").0, 3);
    assert_eq!(fails("a \"x of* war\"").0, 7);
    assert_eq!(fails("ab*").0, 2);
    assert_eq!(fails("abc**").0, 4);
    assert_eq!(ok("abc*"), "abc*");
}

#[test]
fn absurd_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(fails(&deep).1.contains("nests deeper"));
    let nots = format!("{}a", "NOT ".repeat(10_000));
    assert!(fails(&nots).1.contains("nests deeper"));
    let ok_depth = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(ok(&ok_depth), "a");
}
