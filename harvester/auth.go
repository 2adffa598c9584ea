package harvester

import "encoding/base64"

// basicAuth returns the Authorization header value for HTTP Basic
// authentication, as WordPress application passwords expect.
func basicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}
