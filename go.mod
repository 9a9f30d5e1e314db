module github.com/jobscope/jobscope

go 1.23
