## Explorar el directorio: tipos, temas, listas, estados, organizaciones, páginas de recursos y
## las piezas que comparten (macro-…).

macro-breadcrumb = Ruta de navegación
macro-breadcrumb-home = Inicio
macro-nationwide = En todo el país
macro-serves = Atiende en { $states }
macro-undated = sin fecha
macro-link-from = Enlace tomado de:
# Junto a un enlace en la página de un recurso: la última vez que el verificador de enlaces lo probó.
macro-link-checked = Comprobado el { $date }
macro-link-unreachable = No se pudo abrir el { $date }; es posible que la dirección haya cambiado
macro-number-from = Número tomado de
macro-note = Nota
macro-hours = Horario
macro-languages = Idiomas
macro-who-answers = Quién contesta
macro-law-enforcement = Agentes del orden
macro-not-law-enforcement = No son agentes del orden
macro-facts-intro = Resumen, con palabras del propio directorio, de las páginas que se nombran después de cada punto.
macro-sources = { $count ->
        [one] Fuente:
       *[other] Fuentes:
    }
macro-what-happens = Qué pasa cuando se comunica con ellos
# Lo que dice un botón antes del número que marca.
macro-dial-call = Llame al
macro-dial-text = Envíe un texto al
macro-dial-tty = Línea TTY
macro-dial-report = Llame para denunciar al
# Cómo se usa un número, en la lista de sus datos.
macro-reach-call = Llamada
macro-reach-text = Mensaje de texto
macro-reach-tty = Línea TTY
# Lo que oye un lector de pantalla después de las palabras visibles de un botón: a quién
# llega. El español no necesita $article.
macro-dial-whom-reach = { " " }para comunicarse con { $name }
macro-dial-whom-report = { " " }ante { $name }
# Qué es la fecha de una fuente. $precision es "day" (el 23 de agosto) o "month" (en diciembre).
macro-source-published = { $precision ->
        [month] Publicado en { $date }
       *[day] Publicado el { $date }
    }
macro-source-updated = { $precision ->
        [month] Actualizado en { $date }
       *[day] Actualizado el { $date }
    }
macro-source-as-listed = { $precision ->
        [month] Según aparecía en { $date }
       *[day] Según aparecía el { $date }
    }

resource-also-known-as = También conocido como
resource-stale = Esta entrada se verificó por última vez hace más de un año ({ $date }). Los números y las direcciones pueden cambiar: confírmelos con la organización antes de confiar en ellos. Si es una emergencia, llame al
resource-contact = Contacto
resource-address = Dirección
resource-no-contact = La fuente no da ningún número de teléfono ni dirección web para esta entrada. Para recibir ayuda ahora, llame a la Línea Nacional Contra la Trata de Personas al
resource-no-contact-or = , o al
resource-no-contact-emergency = { " " }si es una emergencia.
resource-about = Descripción
resource-details = Detalles
resource-agency = Agencia
resource-kind = Tipo
resource-topics = Temas
resource-for = Para
resource-area = Zona que atiende
resource-whole-country = Todo Estados Unidos
resource-source-heading = Fuente
resource-source = Fuente:
resource-also-in = También se menciona en:
resource-last-verified = Última verificación: { $date }.
# La marca de una entrada o agencia verificada por última vez hace más de un año.
verification-due = Verificación pendiente
resource-how-sourced = Cómo se obtienen y verifican las entradas

org-list-heading = Agencias y organizaciones
org-list-lede = Las agencias y organizaciones responsables de las entradas del directorio.
org-list-entries = { $count ->
        [one] { $count } entrada
       *[other] { $count } entradas
    }
org-also-known-as = También conocida como
org-part-of = Forma parte de
org-website = Sitio web
org-children = Oficinas y componentes
org-entries = Entradas
org-no-entries = Ninguna entrada del directorio indica que { $name } sea la agencia responsable.

kinds-heading = Explorar el directorio
kinds-lede = { $count ->
        [one] { $count } entrada
       *[other] { $count } entradas
    }, por tipo, por tema, por estado o por la agencia responsable.
kinds-by-kind = Por tipo
kinds-more = Otras formas de explorar
kinds-by-topic = Por tema
kinds-by-state = Por estado o territorio
kinds-by-organization = Por agencia u organización

topics-heading = Temas
topics-lede = De qué tratan las entradas del directorio. Una entrada puede tener varios temas.

list-count = { $count ->
        [one] { $count } entrada
       *[other] { $count } entradas
    }.
list-training-matrix = Ver en una tabla a qué público atiende cada entrada

states-heading = Estados y territorios
states-lede = Las 56 jurisdicciones: los 50 estados, el Distrito de Columbia y cinco territorios. Cada página muestra primero sus propios contactos y después { $national ->
        [one] la { $national } entrada nacional que atiende
       *[other] las { $national } entradas nacionales que atienden
    } a todos.
states-map = Mapa
states-list = Lista
states-caption = Estados y territorios con el número de entradas locales
states-column-state = Estado o territorio
states-column-local = Entradas locales

state-description = A quién llamar en { $state } por la trata de personas: oficinas locales del FBI, la Línea Nacional Contra la Trata de Personas, el 911, líneas para denunciar y recursos para profesionales.
state-card-link = Imprima una tarjeta de bolsillo para { $state }
state-card-detail = : el 911, la Línea Nacional y las líneas locales en una sola página pequeña.
state-local = Contactos locales
state-no-local = El directorio no tiene contactos locales para { $state }. Las líneas nacionales de abajo atienden a todos.
state-help-now = Ayuda ahora
state-report = Denunciar
state-professionals = Para profesionales
state-professionals-lede = Servicios para víctimas, grupos de trabajo, fondos, capacitación y publicaciones que atienden en { $state }: abra un grupo para ver sus entradas.
state-show-entries = Mostrar { $count ->
        [one] { $count } entrada
       *[other] { $count } entradas
    }
