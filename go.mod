module github.com/tradepolicy/cbec

go 1.26
