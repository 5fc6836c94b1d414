"""Stage 4, the text layer: sentences (:mod:`.sentences`), one definition of a word (:mod:`.tokens`), the
counts readability is built from (:mod:`.counts`), a batch's words numbered once and passed down
(:mod:`.words`), and the one phrase matcher every measure shares (:mod:`.matcher`)."""
