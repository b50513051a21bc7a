// Placeholder: replaced by the recipes.
