"""The statistics every measure with an interval shares: the sentence bootstrap (:mod:`.bootstrap`)."""
