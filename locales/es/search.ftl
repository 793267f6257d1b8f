## search: la página de búsqueda (/es/search). Las palabras del propio buscador (valores de
## los filtros, nombres de estados, correcciones) vienen del catálogo; estas son las de la página.

search-title = Buscar
search-title-query = Buscar: { $q }
search-heading = Buscar en el directorio
search-results-heading = Resultados de la búsqueda

# El recuadro que responde a quien pide ayuda o quiere denunciar, antes de los resultados.
search-answer-help = Obtenga ayuda ahora
search-answer-help-and-report = Pida ayuda ahora o haga una denuncia
search-answer-report = Haga una denuncia
search-answer-danger = Si usted u otra persona está en peligro inmediato, llame al 911.
search-answer-local = Contactos locales
search-answer-all-lines = Todas las líneas de ayuda y de denuncia

search-label = Busque por tema, programa, agencia, número de teléfono, estado o código postal

# Avisos antes de los resultados.
search-note-truncated = Su búsqueda tenía más de { $max } caracteres, así que solo se usaron los primeros { $max }.
search-note-unplaced-zip = El código postal { $zip } no está en un estado o territorio de los EE. UU. que cubra el directorio (puede ser correo militar), así que no se usó como filtro.
search-note-matched-any = Ninguna entrada tiene todas las palabras que buscó, así que estas entradas tienen algunas.
search-note-unranked = Esta búsqueda coincide con tantas entradas que aparecen en el orden del directorio, no por relevancia. Agregue palabras o elija un filtro para acotarla.

# Ortografía: "No hay resultados para “aylda”. Se muestran resultados para ayuda. Buscar “aylda” tal cual."
search-no-results-for = No hay resultados para “{ $q }”.
search-showing-results-for = Se muestran resultados para
search-exactly = Buscar “{ $q }” tal cual
search-did-you-mean = ¿Quiso decir

# Un lugar hallado en las palabras, mostrado como filtro: "Código postal 06390 (Connecticut, Nueva York)".
search-zip-chip = Código postal { $zip } ({ $states })
search-filters-in-use = Filtros aplicados
search-remove = Quitar
search-remove-filter = { " " }el filtro: { $label }

search-count = { $total ->
        [one] { $total } resultado.
       *[other] { $total } resultados.
    }
search-count-page = { $total } resultados; se muestran del { $first } al { $last }.
search-count-capped = Más de { $total } resultados (las cifras junto a los filtros se cuentan entre los primeros { $total }).
search-count-capped-page = Más de { $total } resultados (las cifras junto a los filtros se cuentan entre los primeros { $total }); se muestran del { $first } al { $last }.

search-pages = Páginas de resultados
search-previous-page = Página anterior
search-next-page = Página siguiente
search-page-of = Página { $page } de { $pages }
search-page-empty = No hay resultados en esta página.
search-first-page = Ir a la primera página

search-narrow = Acotar los resultados
search-remove-filter-before = Quitar el filtro:{ " " }
search-facet-kind = Tipo
search-facet-topic = Tema
search-facet-state = Estado o territorio
search-facet-audience = Para
search-facet-agency = Agencia

search-no-results = No hay resultados
search-tip-spelling = Revise la ortografía, o pruebe con menos palabras o con palabras más generales (“ayuda”, “denunciar”, “subvenciones”).
search-tip-remove-filter = Quite uno de los filtros de arriba.
search-browse = Explore
search-or-browse = O explore
search-by-kind = por tipo
search-by-topic = por tema
search-by-state = por estado
search-by-agency = por agencia
search-or = o

search-ideas = Ideas para buscar
search-idea-need = Lo que necesita: “ayuda”, “denunciar trata”, “subvenciones para tribus”, “capacitación para policía”.
search-idea-place = Un lugar: “Texas”, “FBI TX”, “Nuevo México” o un código postal como 77002.
search-idea-phone = Un número de teléfono en cualquier formato, para saber de quién es.

# Direcciones que no se pueden buscar (se muestran en una página de error).
search-bad-address = No se pudo leer esa dirección de búsqueda: cada filtro puede aparecer una sola vez. Use el cuadro de búsqueda.
search-bad-page = “{ $page }” no es un número de página. Las páginas se cuentan desde 1.
search-unknown-kind = No hay ningún tipo “{ $value }” en el directorio.
search-unknown-topic = No hay ningún tema “{ $value }” en el directorio.
search-unknown-state = No hay ningún estado ni territorio “{ $value }” en el directorio.
search-unknown-audience = No hay ningún público “{ $value }” en el directorio.
search-unknown-agency = No hay ninguna agencia “{ $value }” en el directorio.
