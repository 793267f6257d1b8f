## browse
