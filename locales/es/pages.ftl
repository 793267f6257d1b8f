## Páginas sobre el directorio en conjunto y páginas para quien necesita ayuda: inicio, ayuda,
## seguridad en internet, acerca de, datos abiertos, la tarjeta de bolsillo y la matriz de
## capacitación. Se habla de usted. Los números, las direcciones y los nombres de programas
## quedan como los escribe la fuente.

## Inicio
home-title = Recursos contra la trata de personas
home-heading = Encuentre ayuda y recursos sobre la trata de personas
home-route-help = Necesito ayuda ahora
home-route-help-detail = Líneas de ayuda a las que puede llamar o enviar un texto a cualquier hora, de día o de noche.
home-route-report = Quiero denunciar
home-route-report-detail = Cómo avisar a las autoridades de una posible trata de personas.
home-route-professionals = Trabajo en este campo
home-route-professionals-detail = Fondos, capacitación y asistencia técnica, grupos de trabajo y publicaciones.
home-lede = Líneas de ayuda, formas de denunciar, servicios para víctimas, grupos de trabajo, fondos, capacitación y publicaciones de fuentes del Departamento de Justicia de los EE. UU.: { $count ->
        [one] { $count } entrada
       *[other] { $count } entradas
    }, cada una con su fuente y la fecha en que se comprobó por última vez.
home-by-kind = Explorar por tipo
home-by-state = Explorar por estado o territorio
home-by-state-detail = La página de cada estado y territorio muestra primero sus propios contactos y después los nacionales.
home-all-states = Los 56 estados y territorios, con sus cifras
home-topics = Temas

## Ayuda
help-title = Ayuda ahora
help-description = Líneas de ayuda y líneas para denunciar la trata de personas: a quién llamar, cuándo atienden y quién contesta.
help-danger = Si usted o alguien que conoce está en peligro inmediato, llame al
help-state-label = Añadir los contactos locales de un estado o territorio
help-state-choose = Elija un estado o territorio
help-state-button = Mostrar los contactos locales
help-local-heading = Contactos locales en { $state }
help-local-none = El directorio todavía no tiene contactos locales en { $state }. Las líneas nacionales de abajo atienden a todas las personas.
help-local-everything = Todo lo de { $state }
help-local-card = Imprimir una tarjeta de bolsillo para { $state }
help-hotlines = Líneas de ayuda
help-report = Denunciar una posible trata de personas
help-report-detail = En estas líneas contestan las fuerzas federales del orden público. Todas las oficinas locales del FBI también reciben denuncias: elija su estado arriba, o vea
help-report-all = todas las líneas para denunciar
help-unknown-state = “{ $code }” no es un código de estado o territorio que el directorio conozca. Elija uno de la lista.

## Seguridad en internet
safety-title = Seguridad en internet
safety-description = Lo que la Salida rápida, las ventanas privadas y los mensajes de texto pueden ocultar y lo que no, si alguien podría estar vigilando su teléfono o su computadora.
safety-lede = Si alguien podría estar vigilando lo que usted hace en su teléfono o su computadora, estos puntos pueden ayudarle a decidir cómo buscar ayuda. Ninguno de estos pasos borra todo rastro de lo que usted hace.
safety-help-now = Ayuda a cualquier hora
safety-in-danger = Si está en peligro inmediato:
safety-hotline-hours = La Línea Nacional Contra la Trata de Personas atiende las 24 horas del día, los 7 días de la semana:
safety-confidential = Comunicarse con la Línea es confidencial, y puede pedir ayuda sin dar su nombre. También puede
safety-chat = chatear en el sitio web de la Línea
# El nombre de la tecla Mayús (Shift) como aparece en los teclados en español.
safety-shift-key = Mayús
safety-quick-exit-lead = La Salida rápida le lleva fuera de este sitio, pero no borra el historial de su navegador.
safety-quick-exit-body = El botón Salida rápida, arriba en cada página, le lleva directamente al sitio web del National Weather Service (el servicio meteorológico de los EE. UU.). Con JavaScript activado, también reemplaza la página en la que estaba, así que al pulsar Atrás no vuelve a ella, y pulsar la tecla
safety-quick-exit-shift = tres veces hace lo mismo.
safety-quick-exit-history = Las páginas de este sitio que visitó antes siguen en el historial de su navegador.
safety-private = Ventanas privadas
safety-private-lead = Una ventana privada guarda menos, pero sí guarda algo.
safety-private-body = Una ventana privada (o de “incógnito”) del navegador le permite ver páginas sin dejar tanto rastro en el dispositivo, pero no borra todo rastro de lo que hizo.
safety-spyware = Dispositivos compartidos o vigilados
safety-spyware-lead = Un teléfono o una computadora que se comparte o que alguien vigila puede tener un programa espía.
safety-spyware-body = Un programa espía (spyware) permite que otra persona vea y grabe en secreto lo que se hace en un teléfono o una computadora. Suele ser difícil de encontrar y de quitar, y todo lo que usted haga en ese dispositivo se puede ver, incluso que busca ayuda.
safety-safer-device = Si puede, use un dispositivo más seguro al que esa persona no tenga acceso, como el de una amistad de confianza o una computadora de una biblioteca pública.
safety-history = Borrar el historial
safety-history-lead = Un historial vacío también puede llamar la atención.
safety-history-body = Borrar el historial de su navegador quita la lista de páginas que visitó, pero si alguien lo revisa y lo encuentra vacío, eso puede hacerle sospechar.
safety-texting = Enviar un texto o llamar
safety-texting-lead = Enviar un mensaje de texto puede ser más seguro que llamar cuando hay alguien cerca, pero los mensajes se quedan en el teléfono a menos que usted los borre.
safety-texting-body = En 2018 la Línea añadió los mensajes de texto y el chat como formas más discretas de comunicarse con ella, descritas como más seguras cuando un tratante está cerca.
safety-texting-records = Muchos teléfonos guardan el historial de los mensajes de texto, así que puede ser importante borrarlos. Su compañía telefónica también tiene un registro de los números a los que usted envía mensajes, y otras personas de la misma cuenta telefónica podrían verlo.
safety-sources = Fuentes
safety-sources-detail = Esta página es un resumen de Lantern de estas páginas públicas, no sus palabras. Cada una se leyó en la fecha indicada.
safety-source-published = publicada el { $date }
safety-source-read = leída el { $date }
safety-note-untitled = La copia leída no muestra un título; este describe la página.
safety-note-reference-data = Sin fecha. Los canales, el horario y los idiomas de la Línea también constan en los datos de referencia de Lantern (nhth-channels.csv).

## Acerca de
about-title = Acerca de, fuentes, privacidad y seguridad
about-heading = Acerca de Lantern
about-lede = Lantern es un directorio de recursos públicos sobre la trata de personas en los Estados Unidos: líneas de ayuda y líneas para denunciar, servicios para víctimas y sobrevivientes, grupos de trabajo, programas de subvenciones, capacitación y asistencia técnica, publicaciones, y las agencias que hay detrás.
about-counts = Reúne { $count ->
        [one] { $count } entrada
       *[other] { $count } entradas
    } de { $organizations ->
        [one] { $organizations } agencia u organización
       *[other] { $organizations } agencias y organizaciones
    }.
about-not-emergency = Lantern no es un servicio de emergencia y no presta servicios por sí mismo. Si usted o alguien que conoce está en peligro inmediato, llame al
about-hotline = Para pedir ayuda, consejo o una remisión a cualquier hora, llame a la Línea Nacional Contra la Trata de Personas al
about-sources = Fuentes y cómo se verifican las entradas
about-sources-detail = Cada entrada viene de una de las fuentes de abajo y dice de cuál. Los números de teléfono, las direcciones y las direcciones web se copian exactamente de la fuente; si una fuente no da ninguno, la entrada no muestra ninguno en lugar de adivinarlo. Si dos fuentes no coinciden, la entrada sigue la más reciente y lo dice.
about-verified = Cada entrada muestra la fecha en que una persona la comprobó por última vez con su fuente. Las entradas comprobadas por última vez hace más de un año llevan un aviso: los números y las oficinas cambian, así que confírmelos antes de confiar en ellos.
# $total cuenta entradas y agencias; $count, las comprobadas por última vez hace más de un año.
about-due = { $count ->
        [0] Hoy ninguna de las { $total } entradas y agencias tiene la verificación pendiente: todas se comprobaron con su fuente en el último año.
        [one] Hoy { $count } de las { $total } entradas y agencias tiene la verificación pendiente: se comprobó por última vez hace más de un año, y su página lleva la marca “Verificación pendiente”.
       *[other] Hoy { $count } de las { $total } entradas y agencias tienen la verificación pendiente: se comprobaron por última vez hace más de un año, y sus páginas llevan la marca “Verificación pendiente”.
    }
about-privacy = Privacidad
about-privacy-cookies = Lantern no instala cookies ni usa analíticas, rastreadores, publicidad o servicios de terceros. Cada página, estilo y script viene solo de este sitio.
about-privacy-logs = Lantern no guarda ningún registro de lo que alguien busca o lee. Los registros del servidor anotan qué tipo de página se pidió y cuánto tardó, nunca las palabras buscadas, la dirección de la página ni la dirección de internet de quien visita.
about-privacy-referrer = Los enlaces a otros sitios se abren sin decirles de qué página de Lantern viene usted.
about-privacy-cache = Los resultados de búsqueda van marcados para que su navegador no los guarde en su caché.
about-privacy-forms = Si envía un informe o una sugerencia, Lantern guarda lo que escribió en el formulario, el tipo de problema y la entrada a la que se refiere, la hora en que llegó y, solo si usted la deja, la forma de comunicarnos con usted. Nada más: ni su dirección de internet, ni los datos de su navegador, ni la página de la que venía.
about-privacy-forms-deleted = Las personas que mantienen el directorio leen lo que se envía. Cuando un informe o una sugerencia ya se atendió, se borra { $days ->
        [one] un día
       *[other] { $days } días
    } después.
about-privacy-forms-address = Para frenar avalanchas de formularios, el servidor cuenta cuántos envía cada visitante en una hora, mediante una huella irreversible de la dirección de internet, que guarda solo en memoria, nunca escribe en ningún sitio y olvida cuando se reinicia.
about-safety = Su seguridad mientras busca ayuda
about-safety-intro = Si alguien podría estar vigilando lo que usted hace en su teléfono o su computadora, tenga en cuenta lo siguiente:
about-safety-device-lead = Use un dispositivo más seguro si puede
about-safety-device = : una computadora de una biblioteca pública, el teléfono de una amistad de confianza, o un dispositivo al que la persona que le preocupa nunca haya tenido acceso.
about-safety-monitored-lead = Los dispositivos y las cuentas pueden estar vigilados.
about-safety-monitored = Los programas espía, las cuentas compartidas, la ubicación compartida y el historial del navegador sincronizado pueden mostrarle a otra persona dónde ha estado usted. Borrar el historial quita algunos rastros, pero no es una garantía, y un historial vacío también puede llamar la atención.
about-safety-private-lead = La navegación privada o de incógnito
about-safety-private = no guarda las páginas en el historial del navegador de ese dispositivo, pero no oculta lo que usted hace a los programas de vigilancia ni a la red que usa.
about-safety-calls-lead = Las llamadas telefónicas
about-safety-calls = aparecen en el registro de llamadas y en las facturas del teléfono. Si eso es un riesgo, llame desde un teléfono que la otra persona no pueda revisar.
about-quick-exit-start = Cada página tiene arriba un botón
about-quick-exit-body = . Le lleva directamente al sitio web del National Weather Service (el servicio meteorológico de los EE. UU.). Con JavaScript activado, también reemplaza esta página en su historial, así que al pulsar Atrás no vuelve aquí, y puede salir pulsando la tecla
about-quick-exit-shift = tres veces seguidas. Con JavaScript desactivado, el botón sigue funcionando como un enlace normal.
about-quick-exit-history = La Salida rápida no borra su historial. Siga también los consejos de arriba.
about-feedback = Informes y sugerencias
about-feedback-detail = ¿Encontró un número equivocado, un enlace que no funciona o una entrada desactualizada? La página de cada entrada tiene un enlace para informarlo, y las personas que mantienen el directorio leen cada informe. ¿Conoce un recurso que debería aparecer?
about-open = Abierto y corregible
about-open-detail = Los datos del directorio se guardan en archivos sencillos, que una persona puede leer, junto con el código fuente del sitio. Si una entrada está mal o desactualizada, quien administra el sitio puede corregir el archivo y todas las páginas se actualizan.

## Datos abiertos. La API, el canal de noticias y las exportaciones usan los nombres de campo
## en inglés de HSDS: las rutas, los campos y las órdenes quedan en la plantilla, sin traducir.
open-data-title = Datos abiertos: la API de HSDS y las descargas
open-data-heading = Datos abiertos
open-data-lede = Todo lo que hay en Lantern ({ $count ->
        [one] { $count } entrada
       *[other] { $count } entradas
    } de { $organizations ->
        [one] { $organizations } agencia u organización
       *[other] { $organizations } agencias y organizaciones
    }) está abierto para que otros directorios lo reutilicen: los servicios 211, las líneas de ayuda, las coaliciones estatales y cualquiera que cree un servicio para sobrevivientes.
open-data-hsds = Se publica en la Human Services Data Specification (HSDS) de Open Referral, versión { $version }.
open-data-in-english = El canal de noticias (feed) y la API de HSDS están en inglés; las páginas del sitio están también en español.
open-data-api = La API de HSDS
open-data-api-answers = Una API de solo lectura responde en JSON en
open-data-api-cors = . Cualquier sitio web puede llamarla desde el navegador: sus respuestas permiten todos los orígenes. Un documento OpenAPI la describe para las herramientas en
open-data-services = cada entrada como un servicio de HSDS, { $per_page } por página
open-data-up-to = hasta { $max }
open-data-from-one = desde 1
open-data-filter = Filtre con
open-data-filter-search = la búsqueda del propio sitio: el nombre de un estado o un código postal entre las palabras filtra por estado
open-data-and = y
open-data-or = o
open-data-add = añada
open-data-full = para obtener los teléfonos, las áreas de servicio y los atributos.
open-data-one-service = un servicio, con todo su contenido anidado.
open-data-organizations = las agencias y organizaciones, cada una con los servicios que presta.
open-data-taxonomies = los tipos, temas, públicos y fuentes con que se clasifican las entradas.
open-data-paging = Las listas vienen en el sobre de paginación de HSDS
open-data-errors = Los errores también son JSON:
open-data-errors-status = , con el código de estado que corresponda.
open-data-mapping = Cómo pasan las entradas a HSDS
open-data-mapping-service = Cada entrada es un servicio (service); la agencia que la ofrece es su organización (organization). Las líneas telefónicas son teléfonos (phones) de tipo voice, text o textphone; los estados a los que sirve una entrada son sus áreas de servicio (service areas): "United States" para las entradas de alcance nacional.
open-data-mapping-assured = es la fecha en que una persona comprobó por última vez la entrada con su fuente.
open-data-mapping-attributes = Lo que no tiene campo en HSDS viaja como atributos (attributes) cuyos términos vienen de las taxonomías propias de Lantern: el tipo, los temas y los públicos de la entrada; la fuente que sigue; su resumen de una oración; el horario y los idiomas de cada línea, y si la atienden las fuerzas del orden cuando una fuente lo dice; cada enlace web con su etiqueta; lo que pasa cuando usted se comunica con el servicio, cada punto con las fuentes que resume; y, para un número o enlace tomado de una página distinta de la fuente de la entrada, esa página.
open-data-mapping-ids = Los identificadores son UUID derivados de la dirección de cada entrada en este sitio, así que no cambian de una actualización del directorio a la siguiente.
open-data-downloads = Descargas y cómo cargar un directorio propio
open-data-export = Quien administre una copia de Lantern puede exportar todo el directorio con
open-data-export-hsds = un paquete de datos tabulares HSDS:
open-data-export-hsds-csv = y un archivo CSV por tabla
open-data-export-json = las mismas tablas en un solo archivo JSON
open-data-export-csv = hojas de cálculo sencillas, una fila por entrada
open-data-import = carga un paquete así, revisado con el mismo rigor que el catálogo propio de Lantern: con un solo registro incorrecto, no cambia nada.
open-data-feeds = Canal de noticias y mapa del sitio
open-data-feed = un canal Atom de las entradas a medida que se añaden o se vuelven a comprobar, las más recientes primero.
open-data-sitemap = todas las páginas públicas, con la fecha en que se comprobó su entrada por última vez.
open-data-terms = Fuentes y reutilización
open-data-terms-sources = Las entradas se recopilan de publicaciones del Departamento de Justicia de los EE. UU. y de la Office for Victims of Crime (Oficina para Víctimas del Delito), y de datos públicos de referencia, que se enumeran en la
open-data-about-page = página Acerca de
open-data-terms-reuse = Cada registro indica su fuente; por favor, consérvela si lo vuelve a publicar, y compare los datos de contacto con la fuente antes de confiar en ellos.

## Tarjeta de bolsillo
card-title = Tarjeta de bolsillo para { $state }
card-description = Una tarjeta para imprimir para { $state }: el 911, la Línea Nacional Contra la Trata de Personas y las oficinas locales del FBI, con sus números.
card-breadcrumb = Ruta de navegación
card-home = Inicio
card-states = Estados y territorios
card-pocket-card = Tarjeta de bolsillo
card-how = Imprima esta página para obtener una tarjeta de 4 × 6 pulgadas: el resto del sitio no se imprime.
card-back = Volver a { $state }
card-heading = Trata de personas: a quién llamar en { $state }
card-danger = En peligro inmediato
card-summary-of = resumen de Lantern de
card-local = Líneas locales en { $state }
card-local-none = El directorio no tiene ninguna línea local en { $state }: las líneas de arriba atienden a todas las personas.
card-printed = Impreso desde Lantern, { $address }, el { $date }.
card-verified-on = Última verificación de las entradas: { $date }.
card-verified-between = Las entradas se verificaron por última vez entre { $oldest } y { $newest }.
card-check-there = Consulte allí si hay números más recientes.

## Matriz de capacitación
matrix-title = { $kind }: a quién sirve cada entrada
matrix-description = Una tabla de las entradas de capacitación y asistencia técnica del directorio y los públicos a los que sirve cada una.
matrix-breadcrumb = Ruta de navegación
matrix-home = Inicio
matrix-crumb = A quién sirve cada entrada
matrix-lede = { $count ->
        [one] La fila es la única entrada de capacitación y asistencia técnica del directorio
       *[other] Cada fila es una de las { $count } entradas de capacitación y asistencia técnica del directorio
    }; cada columna es un público. Una marca significa que la entrada incluye ese público.
matrix-not-a-copy = Esta tabla se hace con los registros propios del directorio, así que muestra lo que dicen esos registros. No es una copia de la matriz original: el Departamento de Justicia de los EE. UU. describe una matriz interactiva de proveedores de capacitación y asistencia técnica especializadas y sus públicos destinatarios en el sitio web de la Office for Victims of Crime, la Oficina para Víctimas del Delito
matrix-source = fuente
matrix-region = Tabla de entradas y públicos; se desplaza hacia los lados
matrix-caption = Entradas de { $kind } (filas) y los públicos a los que sirven (columnas)
matrix-entry = Entrada
matrix-yes = Sí, lo incluye
matrix-no = No lo incluye
matrix-back = Volver a la lista de { $kind }
