## Registros en el idioma de la página: lo que dice una página en español sobre el idioma del
## texto de una entrada.

record-translated-by-directory = El texto en español de esta entrada es una traducción del directorio. La fuente original está en inglés.
record-english-version = Ver esta entrada en inglés
record-english-only = Esta entrada solo está disponible en inglés.
record-organizations-english-only = Las descripciones de las agencias y organizaciones solo están disponibles en inglés.
record-translated-with-source = El nombre en español viene de esta fuente oficial:
# En una lista, junto a una entrada cuyo texto está en inglés.
record-english-only-short = Solo en inglés
