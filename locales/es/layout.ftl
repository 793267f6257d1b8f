## La plantilla que comparten todas las páginas: la barra de seguridad, el encabezado, el pie, las fechas.

language-name = Español
# El enlace a esta página en el otro idioma, escrito en ese idioma.
language-switch = English
language-switch-label = This page in English
site-name = Lantern
site-description = Un directorio de líneas de ayuda, líneas para denunciar, servicios, grupos de trabajo, fondos, capacitación y publicaciones contra la trata de personas, con la fuente de cada entrada.
feed-title = Lantern: entradas añadidas o verificadas de nuevo (en inglés)
skip-to-content = Ir al contenido principal
safety-call-911 = Llame al 911
safety-call-911-detail = { " " }si está en peligro inmediato
safety-hotline-full = Línea Nacional Contra la Trata de Personas:
safety-hotline-short = Línea nacional:
safety-call-hotline = Llame al 888-373-7888
safety-text-hotline = Envíe un texto al 233733
safety-reach-hotline = { " " }para comunicarse con la Línea Nacional Contra la Trata de Personas
safety-online = Seguridad en internet
quick-exit = Salida rápida
quick-exit-detail = : salir de este sitio ahora
quick-exit-hint = O pulse Mayús tres veces.
nav-main = Principal
nav-help = Ayuda ahora
nav-browse = Explorar
nav-states = Estados
nav-search = Buscar
search-the-directory = Buscar en el directorio
search-button = Buscar
footer-nav = Información del sitio
footer-safety = Seguridad en internet
footer-about = Acerca de y fuentes
footer-privacy = Privacidad
footer-organizations = Agencias y organizaciones
footer-topics = Temas
footer-open-data = Datos abiertos
footer-disclaimer = Lantern reúne recursos públicos de páginas del Departamento de Justicia de los EE. UU. y de datos públicos de referencia. No es un servicio de emergencia: si está en peligro inmediato, llame al 911.

# Fechas. $month va de 1 a 12.
date-day = { $day } de { $month ->
        [1] enero
        [2] febrero
        [3] marzo
        [4] abril
        [5] mayo
        [6] junio
        [7] julio
        [8] agosto
        [9] septiembre
        [10] octubre
        [11] noviembre
       *[12] diciembre
    } de { $year }
date-month = { $month ->
        [1] enero
        [2] febrero
        [3] marzo
        [4] abril
        [5] mayo
        [6] junio
        [7] julio
        [8] agosto
        [9] septiembre
        [10] octubre
        [11] noviembre
       *[12] diciembre
    } de { $year }
