## Records in the page's language: what a Spanish page says about the language of an entry's
## text. (English pages never show these; the key check wants every key in both files.)

record-translated-by-directory = This entry's Spanish text is the directory's own translation of its English source.
record-english-version = Read this entry in English
record-english-only = This entry is available only in English.
record-organizations-english-only = Descriptions of agencies and organizations are available only in English.
record-translated-with-source = It uses the Spanish name given by
