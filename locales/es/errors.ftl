## Páginas de error: qué salió mal y dónde hay ayuda.

error-not-found = No se encontró la página
error-not-found-detail = No hay ninguna página en esta dirección. Puede que se haya movido o que la dirección tenga un error.
error-uri-too-long = Esa dirección es demasiado larga
error-uri-too-long-detail = La dirección es más larga de lo que necesita cualquier página de este sitio. Pruebe una búsqueda más corta.
error-headers-too-large = Esa solicitud es demasiado grande
error-headers-too-large-detail = Su navegador envió más encabezados de los que acepta el directorio. Puede ayudar borrar los datos de este sitio en su navegador.
error-method-not-allowed = Esta página no admite esa acción
error-method-not-allowed-detail = Las páginas de este sitio solo se pueden leer. Use los enlaces y el cuadro de búsqueda.
error-bad-request = No se pudo entender esa solicitud
error-malformed-query-detail = Esa dirección tiene caracteres dañados (un % suelto o bytes que no son texto). Pruebe el cuadro de búsqueda.
error-busy = El directorio está ocupado
error-busy-detail = El directorio no pudo responder en este momento. Vuelva a intentarlo en un momento.
error-server = Algo salió mal
error-server-detail = El directorio no pudo mostrar esta página. El problema quedó registrado.
error-need-help = ¿Necesita ayuda ahora?
error-call-hotline = Llame a la Línea Nacional Contra la Trata de Personas al
error-any-time = , a cualquier hora. Si está en peligro inmediato, llame al
error-home = Ir a la página de inicio

## Formularios rechazados: cada uno dice qué pasó y que no se envió nada.

error-form-again = Volver al formulario
error-cross-site = Los formularios solo se pueden enviar desde este sitio
error-cross-site-detail = Este formulario se envió desde otro sitio web, y el directorio lo rechaza para proteger a quienes lo usan. No se envió nada. Use el formulario de este sitio.
error-not-a-form = Este sitio no acepta ese tipo de formulario
error-not-a-form-detail = El directorio solo acepta sus propios formularios, enviados como los envía un navegador. No se envió nada. Use el formulario de este sitio.
error-too-large = Es demasiado largo para enviarlo
error-too-large-detail = Un formulario puede tener como máximo 8 KB de texto. No se envió nada. Acorte lo que escribió y vuelva a enviarlo.
error-too-slow = Tardó demasiado en llegar
error-too-slow-detail = El formulario no llegó al directorio a tiempo. No se envió nada. Vuelva a enviarlo.
error-form-malformed = Lo que se envió no es un formulario que esta página conozca. No se envió nada. Vuelva a llenar el formulario.
error-form-not-sent = No se envió el formulario
error-form-honeypot = Parecía que un programa había llenado el formulario. Si lo llenó usted, vuelva atrás y envíelo de nuevo.
error-form-token = No se pudo comprobar el formulario: no venía de esta página o se modificó por el camino. Vuelva a llenar el formulario.
error-form-expired = Este formulario venció
error-form-expired-detail = Un formulario está abierto durante un día. No se envió nada. Vuelva a llenar el formulario.
error-form-too-soon = Se envió demasiado rápido
error-form-too-soon-detail = El formulario volvió pocos segundos después de abrirse, como lo hace el correo no deseado automático. No se envió nada. Vuelva a llenar el formulario y tómese un momento antes de enviarlo.
error-too-many = Se han enviado demasiados formularios
error-too-many-detail = Desde esta conexión se enviaron tantos formularios como el directorio acepta en una hora. No se envió nada más. Vuelva a intentarlo más tarde.
error-too-many-everyone = El directorio ya recibió tantos formularios como acepta en una hora. No se envió nada. Vuelva a intentarlo más tarde.
error-feedback-unavailable = No se pueden recibir formularios en este momento
error-feedback-unavailable-detail = El directorio no puede guardar lo que usted envía en este momento, así que no se envió nada. Vuelva a intentarlo más tarde.
