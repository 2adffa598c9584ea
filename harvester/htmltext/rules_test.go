package htmltext

import (
	"strings"
	"testing"
)

// TestDecorationRuleTable checks every line of decorationRules: an element
// matching the rule is dropped with its content, the text around it stays.
func TestDecorationRuleTable(t *testing.T) {
	for _, r := range decorationRules {
		var attr string
		switch r.match {
		case classIs:
			attr = `class="first ` + r.value + ` last"`
		case classPrefix:
			attr = `class="first ` + r.value + `suffix"`
		case idIs:
			attr = `id="` + r.value + `"`
		case idPrefix:
			attr = `id="` + r.value + `123"`
		default:
			t.Fatalf("rule %q has unknown match kind %d", r.value, r.match)
		}
		in := `<p>Before.</p><div ` + attr + `><h3>Decoration heading</h3><p>decoration <span>text</span></p></div><p>After.</p>`
		if got, want := Text(in), "Before.\n\nAfter."; got != want {
			t.Errorf("rule %v %q (%s): Text = %q, want %q", r.match, r.value, r.what, got, want)
		}
	}
}

func TestDecorationRuleNearMisses(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"exact class needs the whole token", `<div class="reactions-intro">Kept</div>`, "Kept"},
		{"exact class is case-sensitive", `<div class="Newsletter">Kept</div>`, "Kept"},
		{"prefix must start the token", `<div class="my-sharedaddy-note">Kept</div>`, "Kept"},
		{"id prefix must start the id", `<div id="x-post-ratings-1">Kept</div>`, "Kept"},
		{"class prefix is not an id rule", `<div id="addtoany_share">Kept</div>`, "Kept"},
		{"style without display none", `<div style="display:block;color:none">Kept</div>`, "Kept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestPluginMarkup uses markup shaped like what the plugins really print.
func TestPluginMarkup(t *testing.T) {
	tests := []struct{ name, in string }{
		{"Reading Time WP", `<span class="span-reading-time rt-reading-time" style="display: block;"><span class="rt-label rt-prefix">Reading Time: </span> <span class="rt-time">2</span> <span class="rt-label rt-postfix">minutes</span></span>`},
		{"Jetpack sharing", `<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-facebook"><a href="#"><span>Facebook</span></a></li></ul></div></div></div>`},
		{"Jetpack likes", `<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper' id='like-post-wrapper-1'><h3 class="sd-title">Like this:</h3><span class='button'><span>Like</span></span> <span class="loading">Loading...</span></div>`},
		{"Jetpack related", `<div id='jp-relatedposts' class='jp-relatedposts' ><h3 class="jp-relatedposts-headline"><em>Related</em></h3></div>`},
		{"AddToAny", `<div class="addtoany_share_save_container addtoany_content"><div class="addtoany_header">Share</div><div class="a2a_kit a2a_kit_size_32"><a class="a2a_button_x">X</a></div></div>`},
		{"Sassy Social Share", `<div class="heateor_sss_sharing_container heateor_sss_horizontal_sharing"><div class="heateor_sss_sharing_title">Spread the love</div></div>`},
		{"Shareaholic", `<div class='shareaholic-canvas' data-app='share_buttons'>Share</div>`},
		{"Social Snap", `<div class="ss-inline-share-wrapper ss-left-inline-content"><p class="ss-social-share-label"><span>Share with your friends</span></p></div>`},
		{"YARPP", `<div class='yarpp yarpp-related yarpp-related-website'><h3>Related posts:</h3><ol><li>One</li></ol></div>`},
		{"Contextual Related Posts", `<div class="crp_related crp-text-only"><h3>Related Posts:</h3><ul><li>Two</li></ul></div>`},
		{"Related Posts for WP", `<div class="rp4wp-related-posts"><h3>Related Posts</h3></div>`},
		{"Mailchimp for WP", `<div class="mc4wp-form-wrapper"><h4>Newsletter</h4></div><p class="mc4wp-form-fields">Email</p>`},
		{"Jetpack subscriptions widget", `<div class="jetpack_subscription_widget"><h2>Subscribe via Email</h2></div>`},
		{"Jetpack subscriptions block", `<div class="wp-block-jetpack-subscriptions__supports-newline wp-block-jetpack-subscriptions"><p>Subscribe</p></div>`},
		{"The Newsletter Plugin", `<div class="tnp tnp-subscription"><label>Email</label></div>`},
		{"opt-in box", `<div class="optin"><p>Get the free guide</p></div>`},
		{"Simple Author Box", `<div class="saboxplugin-wrap"><div class="saboxplugin-authorname">Jane</div></div>`},
		{"author bio", `<section class="author-bio"><h4>About Jane</h4><p>Jane writes.</p></section>`},
		{"Yoast breadcrumbs", `<p id="breadcrumbs"><span><a href="/">Home</a> » <span class="breadcrumb_last">Post</span></span></p>`},
		{"Rank Math breadcrumbs", `<nav aria-label="breadcrumbs" class="rank-math-breadcrumb"><p><a href="/">Home</a></p></nav>`},
		{"DW Reactions", `<div class="dw-reactions dw-reactions-post-1"><span class="dw-reactions-main-button">Like</span></div>`},
		{"reactions class", `<div class="reactions"><span>Happy</span> <span>0</span></div>`},
		{"hidden attribute", `<div hidden><p>Secret</p></div>`},
		{"display none", `<div style="color: red; display : NONE !important">Secret</div>`},
		{"screen reader text", `<span class="screen-reader-text">(opens in a new tab)</span>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "<p>Article text.</p>" + tt.in + "<p>More text.</p>"
			if got, want := Text(in), "Article text.\n\nMore text."; got != want {
				t.Errorf("Text = %q, want %q", got, want)
			}
		})
	}
}

func TestShapeRules(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"<p>Read Time: 2 Minute</p>", ""},
		{"<p>Read Time:2 Minute, 17 Second</p>", ""},
		{"<div>Reading Time: &lt; 1 minute</div>", ""},
		{"<p>Estimated reading time: 4 minutes</p>", ""},
		{"<span>x</span><p>5 min read</p>", "x"},
		{"<div><span>Lesezeit:</span> <span>3</span> <span>Minuten</span></div>", ""},
		{"<div>Happy 0 %  Sad 0 %  Excited 0 %</div>", ""},
		{"<div>Happy 0 0 % Sad 0 0 % Excited 0 0 % Sleepy 0 0 % Angry 0 0 % Surprise 0 0 %</div>", ""},
		{"<ul><li>Love 12%</li><li>Haha 30%</li><li>Wow 58%</li></ul>", ""},
		// Near misses stay.
		{"<p>Read time: it depends.</p>", "Read time: it depends."},
		{"<p>2 minutes</p>", "2 minutes"},
		{"<p>It takes 2 min read aloud.</p>", "It takes 2 min read aloud."},
		{"<p>Yes 45 % No 30 % Undecided 25 %</p>", "Yes 45 % No 30 % Undecided 25 %"},
		{"<p>Happy 10 % Sad 5 %</p>", "Happy 10 % Sad 5 %"},
		{"<pre>Read Time: 2 Minute</pre>", "Read Time: 2 Minute"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShapeRuleRollbackKeepsLayout(t *testing.T) {
	in := "<p>One</p><div>Read Time: 2 Minute</div><p>Two</p><ul><li>a</li><li><p>Read Time: 3 minutes</p></li><li>b</li></ul>"
	want := "One\n\nTwo\n\n- a\n- b"
	if got := Text(in); got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestRuleTableIsDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range decorationRules {
		if r.value == "" || r.what == "" {
			t.Errorf("rule %+v lacks a value or a description", r)
		}
		key := string(rune('0'+r.match)) + r.value
		if seen[key] {
			t.Errorf("duplicate rule %q", r.value)
		}
		seen[key] = true
		if strings.TrimSpace(r.value) != r.value {
			t.Errorf("rule %q has surrounding spaces", r.value)
		}
	}
}
