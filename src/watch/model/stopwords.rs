//! Function words the model does not learn from. With a few hundred examples a linear model
//! otherwise picks up "and", "against" or "among" from whichever label happens to use them
//! more, and then shows them as the words that pushed a verdict; they carry no topic in any
//! of the three languages. The list is folded by the matcher's own tokenizer, so it meets
//! the text in the form the features see.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::super::normalize::cut;

const WORDS: &str = "
a an the and or but nor so yet if then than that this these those there here of in on at
to from by for with without within into onto out over under about above below between
among amid against through during before after since until while as is are was were be
been being am do does did done have has had having will would shall should can could may
might must it its it's he him his she her hers they them their theirs we us our ours you
your yours i me my mine who whom whose which what when where why how all any both each
few more most other some such no not only own same too very just also again further once
said says say according told one two new
і й та а але або чи що як це ця цей ці той та ті там тут в у на до з із зі від по за під
над про при для без між через після перед щоб бо же ж не ні так ще вже також був була
було були бути є його її їх він вона воно вони ми ви ти я нас вас їм йому якій який яка
яке які де коли тому також лише
и в во на с со к ко от до по за под над о об про при для без между через после перед
чтобы что как это эта этот эти тот та те там тут же ли не ни так ещё уже также был была
было были быть есть его её их он она оно они мы вы ты я нас вас им ему который которая
которое которые где когда только
";

/// Whether `word`, as the tokenizer folds it, is a function word.
pub fn is_stopword(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = FxHashSet::default();
        cut(WORDS, |w, _| {
            set.insert(w.to_string());
        });
        set
    })
    .contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::tokens;

    #[test]
    fn function_words_are_known_in_each_language_and_topic_words_are_not() {
        for w in ["and", "against", "та", "також", "и", "которые"] {
            let folded = &tokens(w)[0].word;
            assert!(is_stopword(folded), "{w}");
        }
        for w in ["border", "exchange", "кордон", "обмен"] {
            assert!(!is_stopword(w), "{w}");
        }
    }
}
