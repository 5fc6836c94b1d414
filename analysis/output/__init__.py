"""The export: tables written atomically (:mod:`.export`, :mod:`.outdir`), by one CSV writer (:mod:`.csv`),
described by ``datapackage.json`` (:mod:`.datapackage`)."""
