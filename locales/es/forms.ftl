## Los formularios para informar de un problema y sugerir un recurso, y la página de agradecimiento.

form-warning-identity = No incluya su nombre ni nada que lo identifique a usted o a otra persona.
form-warning-danger = Si está en peligro, no use este formulario.
form-warning-danger-call = Llame al
form-warning-danger-or = o a la Línea Nacional Contra la Trata de Personas al
form-errors-heading = Hay un problema
form-error-prefix = Hay un error:
form-error-too-long = Acórtelo a { $max } caracteres o menos: tiene { $count }.
form-contact-label = Cómo comunicarnos con usted (opcional)
form-contact-hint = Un correo electrónico o un número de teléfono, solo si quiere una respuesta. Se guardará con lo que envíe: déjelo solo si es seguro que alguien se comunique con usted ahí.
form-trap-label = Deje este campo vacío

report-title = Informar de un problema con esta entrada
report-entry = Va a informar de un problema con:
report-problem-legend = ¿Qué está mal?
report-problem-phone-wrong = Un número de teléfono está mal
report-problem-link-broken = Un enlace no funciona
report-problem-closed-or-moved = Cerró o se mudó
report-problem-out-of-date = La información no está al día
report-problem-other = Otra cosa
report-message-label = ¿Qué debemos saber?
report-message-hint = Por ejemplo, el número correcto o lo que cambió. Es necesario si eligió «Otra cosa». Como máximo 2000 caracteres.
report-send = Enviar el informe
report-error-problem = Elija qué está mal.
report-error-message = Cuéntenos qué está mal: eligió «Otra cosa».

suggest-title = Sugerir un recurso
suggest-intro = ¿Conoce una línea de ayuda, un servicio o un programa contra la trata de personas que este directorio debería incluir? Cuéntenos. Cada sugerencia se comprueba con una fuente pública antes de agregar nada.
suggest-name-label = Su nombre
suggest-name-hint = Como lo escribe la organización. Como máximo 200 caracteres.
suggest-what-label = Qué hace
suggest-what-hint = A quién ayuda y cómo. Como máximo 2000 caracteres.
suggest-reach-label = Una dirección web o un número de teléfono del recurso
suggest-reach-hint = Dónde se puede encontrar o contactar, para poder comprobarlo. Como máximo 300 caracteres.
suggest-states-legend = Los estados donde presta servicio
suggest-states-hint = Elija cada estado o territorio donde presta servicio. No elija ninguno si sirve a todo el país o si no está seguro.
suggest-learned-label = ¿Dónde supo de él?
suggest-learned-hint = Por ejemplo, su sitio web, un folleto o una agencia. Como máximo 500 caracteres.
suggest-send = Enviar la sugerencia
suggest-error-name = Díganos su nombre.
suggest-error-what = Díganos qué hace.
suggest-error-reach = Dé una dirección web o un número de teléfono del recurso.
suggest-error-states = Elija estados de la lista.
suggest-error-learned = Díganos dónde supo de él.

thanks-title = Gracias
thanks-report = Recibimos su informe sobre { $name }. Las personas que mantienen este directorio leen cada informe y corrigen la entrada cuando está mal.
thanks-suggestion = Recibimos su sugerencia. Las personas que mantienen este directorio comprueban cada sugerencia con una fuente pública antes de agregarla.
thanks-danger = Si está en peligro ahora, llame al
thanks-no-reply = Solo recibirá respuesta si dejó una forma de comunicarnos con usted.
thanks-back-to-entry = Volver a la entrada
thanks-suggest-another = Sugerir otro recurso

# Desde dónde se llega a los formularios: cada página de recurso, el pie de página y la página «Acerca de».
report-link = Informar de un problema con esta entrada
suggest-link = Sugerir un recurso
