package htmltext

import "testing"

func TestRedecode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"no entities", "no entities"},
		{"AT&T R&D & x", "AT&T R&D & x"},
		{"&#8217;", "’"},
		{"&#x2019;&#X2019;", "’’"},
		{"&amp; &lt; &hellip; &nbsp;", "& < … \u00a0"},
		{"&#038;", "&"},
		{"&#8217", "&#8217"},
		{"&unknown; &copyright;", "&unknown; &copyright;"},
		{"&semi;", ";"},
		{"&#99999999999;", "&#99999999999;"},
		{"&#; &#x; &;", "&#; &#x; &;"},
		{"&&amp;", "&&"},
		{"tail &", "tail &"},
	}
	for _, tt := range tests {
		if got := string(redecode([]byte(tt.in))); got != tt.want {
			t.Errorf("redecode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedecodeDoesNotCopyPlainText(t *testing.T) {
	in := []byte("Tom & Jerry")
	if out := redecode(in); &out[0] != &in[0] {
		t.Errorf("redecode copied text without references")
	}
}
