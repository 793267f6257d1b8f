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
