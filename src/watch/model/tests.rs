use super::*;

fn ex(label: bool, title: &str, body: &str) -> Example {
    Example {
        title: title.into(),
        body: body.into(),
        label,
        lang: None,
        note: None,
        url: None,
        line: 0,
    }
}

/// A small set in the shape of the shipped files: returns of captured soldiers, and the
/// swaps and releases that are not about them.
pub(crate) fn examples() -> Vec<Example> {
    let relevant = [
        (
            "Soldiers home from captivity",
            "Ninety soldiers returned home from captivity today.",
        ),
        (
            "Captured marines back",
            "The captured marines came back in a swap of prisoners of war.",
        ),
        (
            "Defenders freed",
            "Defenders held in captivity for two years were freed and returned.",
        ),
        (
            "Another return",
            "Captive servicemen returned home after long captivity.",
        ),
        (
            "POWs exchanged",
            "Prisoners of war were exchanged at the border, soldiers went home.",
        ),
        (
            "Повернення з полону",
            "Захисники повернулися додому з полону.",
        ),
        (
            "Обмін полоненими",
            "Військовополонені повернулися з полону після обміну.",
        ),
        (
            "Вернулись из плена",
            "Военнослужащие вернулись из плена домой.",
        ),
        (
            "Soldiers released",
            "Soldiers taken captive were released and returned to their units.",
        ),
        (
            "Captivity ends",
            "The servicemen returned from captivity to their families.",
        ),
    ];
    let irrelevant = [
        (
            "Journalist freed",
            "A jailed journalist was freed in a deal between governments.",
        ),
        (
            "Currency exchange",
            "The exchange rate of the hryvnia fell against the dollar.",
        ),
        (
            "Basketball star home",
            "The basketball player was freed from prison in a deal.",
        ),
        (
            "Students abroad",
            "Student exchange programmes return to European universities.",
        ),
        (
            "Stock exchange",
            "Shares fell on the stock exchange as markets opened.",
        ),
        (
            "Курс валют",
            "Курс гривні на міжбанку знизився, обмін валют подорожчав.",
        ),
        (
            "Обмен опытом",
            "Учителя провели обмен опытом на конференции в школе.",
        ),
        (
            "Prison transfer",
            "The convict was transferred to another prison in the region.",
        ),
        (
            "Hostages released",
            "Civilian hostages were released from a hijacked bus.",
        ),
        (
            "Rate cut",
            "The central bank cut the rate and the exchange market calmed.",
        ),
    ];
    let mut out = Vec::new();
    for (r, i) in relevant.iter().zip(&irrelevant) {
        out.push(ex(true, r.0, r.1));
        out.push(ex(false, i.0, i.1));
    }
    out
}

#[test]
fn training_twice_gives_the_same_model_and_the_same_scores() {
    let a = Model::train(&examples()).expect("trains");
    let b = Model::train(&examples()).expect("trains");
    assert_eq!(a, b);
    let f = Features::of("Home again", "Captured soldiers returned from captivity.");
    assert_eq!(a.probability(&f).to_bits(), b.probability(&f).to_bits());
}

#[test]
fn a_model_learns_the_topic_from_its_examples() {
    let m = Model::train(&examples()).expect("trains");
    let p = |t: &str, b: &str| m.probability(&Features::of(t, b));
    // Neither text is one of the examples.
    let soldiers = p(
        "",
        "Captured servicemen came home from captivity after the swap.",
    );
    let money = p("", "Exchange offices raised the rate of the dollar again.");
    assert!(
        soldiers > 0.5 && money < 0.5,
        "soldiers {soldiers}, money {money}"
    );
}

#[test]
fn the_words_shown_are_the_articles_own_and_the_strongest_first() {
    let m = Model::train(&examples()).expect("trains");
    let (title, body) = (
        "Soldiers Home",
        "Ninety SOLDIERS came back from captivity on Friday.",
    );
    let s = m.score(&Features::of(title, body), title, body);
    assert!(!s.pushes.is_empty());
    for p in &s.pushes {
        let text = if p.at.0 { title } else { body };
        let at = text.get(p.at.1.clone()).expect("a range of the text");
        assert_eq!(at.to_lowercase(), p.word, "{p:?}");
    }
    let weights: Vec<f64> = s.pushes.iter().map(|p| p.weight.abs()).collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");
    assert!(
        s.pushes
            .iter()
            .any(|p| p.word == "captivity" && p.weight > 0.0),
        "{s:?}"
    );
}

#[test]
fn one_sided_or_empty_examples_are_refused_with_the_reason() {
    let only_yes: Vec<Example> = examples().into_iter().filter(|e| e.label).collect();
    assert_eq!(Model::train(&only_yes), Err(TrainError::OneSided(true)));
    assert_eq!(Model::train(&[]), Err(TrainError::Empty));
    let unique = [ex(true, "alpha", "beta"), ex(false, "gamma", "delta")];
    assert_eq!(Model::train(&unique), Err(TrainError::NoFeatures));
}

#[test]
fn every_example_gets_an_out_of_fold_probability() {
    let ex = examples();
    let held_out = out_of_fold(&ex).expect("cross-validates");
    assert_eq!(held_out.len(), ex.len());
    // Each probability comes from a model that did not see the example: none equals what
    // the model trained on all of them says of it, which knows every example.
    let full = Model::train(&ex).expect("trains");
    for (e, p) in ex.iter().zip(&held_out) {
        let seen = full.probability(&Features::of(&e.title, &e.body));
        assert_ne!(p.to_bits(), seen.to_bits());
    }
    // Twenty examples teach little (held out, a tenth of them share no topic word with the
    // rest), but more than a coin would.
    let t = Tally::of(ex.iter().zip(&held_out).map(|(e, &p)| (e.label, p >= 0.5)));
    assert_eq!(t.true_pos + t.false_neg, 10);
    let right = ex.len() - t.false_pos - t.false_neg;
    assert!(right * 2 > ex.len(), "{t:?}");
}
