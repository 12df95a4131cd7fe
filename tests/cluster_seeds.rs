//! Clustering on the five seed texts and on made-up variations of them: the same story told
//! by two outlets must cluster, different events on the same beat must not, republished copy
//! with a few words changed is a near-duplicate, and no input makes `Fingerprint` panic.

use newshound::cluster::{Fingerprint, SAME_STORY_THRESHOLD};

/// The seed files with the headline each article carries on its page (what `extract` hands
/// the store as the title); the text is passed as saved, page boilerplate and all.
const SEEDS: [(&str, &str); 5] = [
    (
        "000_dafa24d0a0a3e8e1.txt",
        "Azov senior officer: Russian intelligence tried to recruit Azov soldiers to 'fight against US, West'",
    ),
    (
        "001_b7f73e145917e13a.txt",
        "Former Russian Soldiers Join Ukraine Against Putin’s Invasion, Kyiv Says",
    ),
    (
        "002_8c142466c7316c57.txt",
        "Anti-Kremlin fighters claim Russian soldiers have been ‘caught’ in Ukraine",
    ),
    (
        "003_02fbcd23d43b115c.txt",
        "Pro-Ukraine Russian fighters say they have captives, offer exchange",
    ),
    (
        "004_a278b605f54e6bfd.txt",
        "Bringing captured Russian soldiers home is the key goal",
    ),
];

fn seed_text(file: &str) -> String {
    let path = format!("{}/tests/fixtures/seeds/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn seeds() -> Vec<Fingerprint> {
    SEEDS
        .iter()
        .map(|(file, title)| Fingerprint::of(title, &seed_text(file)))
        .collect()
}

#[test]
fn only_the_belgorod_captives_reports_cluster() {
    let fps = seeds();
    let mut report = String::new();
    for i in 0..fps.len() {
        for j in i + 1..fps.len() {
            let s = fps[i].similarity(&fps[j]);
            report.push_str(&format!(
                "{i:03}-{j:03} score {:.3} keys {:.3} title {:.3} hamming {}\n",
                s.score, s.keys, s.title, s.hamming
            ));
            let expected = (i, j) == (2, 3);
            assert_eq!(
                fps[i].same_story(&fps[j]),
                expected,
                "seeds {i:03} and {j:03}: {s:?}"
            );
            assert_eq!(fps[i].same_story(&fps[j]), fps[j].same_story(&fps[i]));
        }
    }
    // Shown with --nocapture; keeps the margins visible when the method changes.
    println!("threshold {SAME_STORY_THRESHOLD}\n{report}");
}

#[test]
fn seeds_clear_the_threshold_by_a_margin() {
    let fps = seeds();
    let same = fps[2].similarity(&fps[3]).score;
    assert!(
        same >= SAME_STORY_THRESHOLD + 0.05,
        "002~003 only {same:.3}"
    );
    for i in 0..fps.len() {
        for j in i + 1..fps.len() {
            if (i, j) != (2, 3) {
                let s = fps[i].similarity(&fps[j]).score;
                assert!(s <= SAME_STORY_THRESHOLD - 0.05, "{i:03}~{j:03} at {s:.3}");
            }
        }
    }
}

#[test]
fn republished_copy_with_a_few_words_changed_is_a_near_duplicate() {
    let (file, title) = SEEDS[3];
    let original = seed_text(file);
    let edited = original
        .replacen("said on Sunday", "said on Sunday evening", 1)
        .replacen("Reuters was unable", "Reuters could not", 1)
        .replacen("one of whom appeared", "one of them appeared", 1);
    assert_ne!(original, edited);
    let a = Fingerprint::of(title, &original);
    let b = Fingerprint::of(&format!("{title} (updated)"), &edited);
    let s = a.similarity(&b);
    assert!(s.near_duplicate(), "{s:?}");
    assert!(a.same_story(&b));
}

#[test]
fn the_same_wire_text_on_another_site_clusters() {
    // Another site's chrome around the same body: different menu, different footer.
    let (file, title) = SEEDS[2];
    let body = seed_text(file);
    let start = body.find("Fighters opposed").expect("seed 002 changed");
    let end = body.find("Your email address").expect("seed 002 changed");
    let republished = format!(
        "Home | World | Europe | Subscribe\n\n{}\n\nShare this article\nRead more: Markets \
         rally as oil slips\nCopyright Daily Example Ltd. All rights reserved.",
        &body[start..end]
    );
    let a = Fingerprint::of(title, &body);
    let b = Fingerprint::of(title, &republished);
    assert!(a.same_story(&b), "{:?}", a.similarity(&b));
}

#[test]
fn clearly_different_stories_do_not_cluster() {
    let a = Fingerprint::of(
        "Central bank holds rates as inflation cools",
        "The National Bank of Poland kept its main interest rate at 5.75 percent on Wednesday, \
         as expected by economists. Governor Adam Glapinski said inflation had cooled faster \
         than forecast but warned that energy prices could rise again in the autumn. The zloty \
         firmed slightly against the euro after the decision.",
    );
    let b = Fingerprint::of(
        "Wildfire forces evacuation of mountain villages",
        "Firefighters in the Canary Islands battled a wildfire on Tenerife for a third day on \
         Friday, and about 3,000 residents of the villages of Arafo and Candelaria were told to \
         leave their homes. Regional leader Fernando Clavijo said the fire was the most \
         complex the islands had seen in forty years.",
    );
    let s = a.similarity(&b);
    assert!(!a.same_story(&b), "{s:?}");
    assert_eq!(s.keys, 0.0);
    for fp in seeds() {
        assert!(!fp.same_story(&a) && !fp.same_story(&b));
    }
}

#[test]
fn an_article_is_its_own_story() {
    for fp in seeds() {
        assert!(fp.same_story(&fp));
    }
}

#[test]
fn no_input_panics_and_nothing_empty_clusters() {
    let huge = "Belgorod Gladkov 1,400 captives. ".repeat(200_000);
    let odd = "\u{0}\u{202e}İstanbul ﬁghters’s ’s ' 1,2,3,,4 ..5 Ⅻ 🇺🇦 e\u{301} \u{10ffff} \
               ДРГ в Брянской области 𝐁𝐞𝐥𝐠𝐨𝐫𝐨𝐝 s's";
    let inputs = ["", " ", "'", "’s", "1,", ",1", "A", "The", odd, &huge];
    let fps: Vec<Fingerprint> = inputs
        .iter()
        .flat_map(|t| {
            [
                Fingerprint::of(t, ""),
                Fingerprint::of("", t),
                Fingerprint::of(t, t),
            ]
        })
        .collect();
    for a in &fps {
        for b in &fps {
            let s = a.similarity(b);
            assert!((0.0..=1.0).contains(&s.score) && (0.0..=1.0).contains(&s.keys));
        }
    }
    let empty = Fingerprint::of("", "");
    assert!(!empty.same_story(&empty.clone()));
}

#[test]
fn fingerprints_are_compact_deterministic_json() {
    for (fp, (file, title)) in seeds().into_iter().zip(SEEDS) {
        let json = serde_json::to_string(&fp).expect("serialises");
        assert!(json.len() < 2048, "{file}: {} bytes", json.len());
        let back: Fingerprint = serde_json::from_str(&json).expect("round-trips");
        assert_eq!(back, fp);
        assert_eq!(Fingerprint::of(title, &seed_text(file)), fp);
    }
}

/// A made-up exchange report in one outlet's template: successive exchanges read alike but
/// for their numbers.
fn exchange_report(home: u32, back: u32, day: &str) -> (String, String) {
    let title = format!("Ukraine and Russia swap prisoners again, {home} defenders return home");
    let text = format!(
        "On {day} Ukraine brought home {home} Ukrainian defenders in another prisoner exchange \
         mediated by the United Arab Emirates, the Coordination Headquarters for the Treatment \
         of Prisoners of War said. In return {back} Russian servicemen were handed over. Among \
         those released are soldiers of the Azov brigade, National Guard members and border \
         guards captured in Mariupol and Bakhmut. President Volodymyr Zelensky thanked the \
         mediators and said work continues to free every Ukrainian held in Russia. Ombudsman \
         Dmytro Lubinets said the Red Cross must be given access to the prisoners still held."
    );
    (title, text)
}

#[test]
fn look_alike_exchanges_with_other_head_counts_are_two_stories() {
    let (t1, b1) = exchange_report(95, 94, "Sunday");
    let (t2, b2) = exchange_report(106, 100, "Thursday");
    let (a, b) = (Fingerprint::of(&t1, &b1), Fingerprint::of(&t2, &b2));
    let s = a.similarity(&b);
    assert!(s.counts_conflict, "{s:?}");
    assert!(!a.same_story(&b), "one template, two exchanges: {s:?}");

    // Another outlet's report of the first exchange, with its numbers, joins it.
    let other = Fingerprint::of(
        "95 Ukrainian defenders freed in the latest prisoner swap",
        "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War said 95 \
         Ukrainian defenders, Azov brigade soldiers and National Guard members among them, came \
         home in an exchange mediated by the United Arab Emirates. Zelensky thanked the \
         mediators; Lubinets asked the Red Cross for access to the prisoners Russia still holds.",
    );
    assert!(!a.similarity(&other).counts_conflict);
    assert!(a.same_story(&other), "{:?}", a.similarity(&other));
}

#[test]
fn one_raid_reported_in_english_and_in_ukrainian_is_one_story() {
    let en = Fingerprint::of(
        "Fighting reported in Belgorod region after raid from Ukraine",
        "Russian officials said fighting went on near Kozinka and Grayvoron in the Belgorod \
         region on Monday after armed men crossed from Ukraine. Governor Vyacheslav Gladkov \
         said villagers were being moved out of Kozinka. The Freedom of Russia Legion and the \
         Russian Volunteer Corps said they had entered Grayvoron district. Gladkov said \
         shelling hit Grayvoron overnight.",
    );
    let uk = Fingerprint::of(
        "На Бєлгородщині тривають бої після рейду",
        "Російські посадовці заявили, що бої тривають біля Козинки та Грайворона в Бєлгородській \
         області. Губернатор В'ячеслав Гладков повідомив про евакуацію жителів Козинки. Легіон \
         «Свобода Росії» та Російський добровольчий корпус заявили, що увійшли до Грайворонського \
         району. Гладков сказав, що вночі обстріляли Грайворон.",
    );
    let s = en.similarity(&uk);
    assert!(s.names_across >= 0.4, "{s:?}");
    assert!(en.same_story(&uk), "{s:?}");

    // A report in Russian of another raid, elsewhere, shares the beat but not the names.
    let other = Fingerprint::of(
        "Диверсанты проникли в Брянскую область",
        "Губернатор Александр Богомаз сообщил, что диверсионная группа проникла в Климовский \
         район Брянской области и обстреляла Любечане. Жители Сушан укрылись в подвалах.",
    );
    assert!(!en.same_story(&other), "{:?}", en.similarity(&other));
}
