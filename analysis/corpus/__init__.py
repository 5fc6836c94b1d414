"""Stages 1-3, the corpus: the manifest read and checked (:mod:`.manifest`), texts cleaned by declared rules
(:mod:`.cleaning`), speakers and their aliases (:mod:`.speakers`), documents split into who said what
(:mod:`.segments`), and the allowed values of every setting (:mod:`.vocabulary`)."""
