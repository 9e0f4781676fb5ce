module kubex.dev/codegen/enums

go 1.22
