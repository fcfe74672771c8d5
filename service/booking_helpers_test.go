package service

import (
	"database/sql"
	"path/filepath"
)

// openRW opens the service's SQLite file for writing, as a second process
// would (tests that set up rows the API cannot make).
func openRW(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(5000)&_time_format=sqlite")
}
