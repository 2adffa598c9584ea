package harvester

// Version is the program's version. Release builds set it with
// -ldflags "-X github.com/wpharvest/wpharvest/harvester.Version=1.2.3".
var Version = "0.1.0-dev"

// ProjectURL is where the project lives; it is named in the User-Agent so
// site operators can find out who is calling.
const ProjectURL = "https://github.com/wpharvest/wpharvest"

// DefaultUserAgent returns the User-Agent sent when the config sets none:
// "wpharvest/VERSION (+PROJECT URL)".
func DefaultUserAgent() string {
	return "wpharvest/" + Version + " (+" + ProjectURL + ")"
}
