## pages
help-unknown-state = “{ $code }” is not a state or territory code the directory knows. Choose one from the list.
