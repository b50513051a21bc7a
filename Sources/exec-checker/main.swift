print("exec-checker")
