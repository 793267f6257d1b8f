## pages
help-unknown-state = “{ $code }” no es un código de estado o territorio que el directorio conozca. Elija uno de la lista.
