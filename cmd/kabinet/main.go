// Command kabinet is the Kabinet desktop app: the personal cabinet of a
// pension fund's depositors, on the bundled demo service or a remote one
// (--server https://...).
package main

import (
	"fmt"
	"os"

	"kabinet/app"
)

func main() {
	if err := app.Run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kabinet:", err)
		os.Exit(1)
	}
}
