## Records in the page's language: what a Spanish page says about the language of an entry's
## text. (English pages never show these; the key check wants every key in both files.)

record-translated-by-directory = This entry's Spanish text is the directory's own translation of its English source.
record-english-version = Read this entry in English
record-english-only = This entry is available only in English.
record-organizations-english-only = Descriptions of agencies and organizations are available only in English.
record-translated-with-source = Its Spanish name comes from this official source:
# In a list, beside an entry whose words are English.
record-english-only-short = In English only
