<?php
/**
 * Deterministic generator of demanding post content for the realwp test site.
 *
 * Everything comes from mt_rand() seeded per post index, so post #k of a seed
 * run always has the same title, body, author, terms and date offset.
 * Titles are written with plain ASCII quotes, apostrophes and dashes so that
 * WordPress texturizes them (&#8220; &#8217; &#8211; ...), and mix raw `&`,
 * escaped `&amp;`, emoji (flags, ZWJ sequences) and non-Latin scripts.
 */

const REALWP_SEED = 20240229;

/** Authors created by `seed`: login => [display name, role]. */
function realwp_authors(): array
{
	return [
		'alice' => ["Alice O'Brien", 'editor'],
		'bob' => ['Bob "The Builder" Smith', 'author'],
		'chen' => ['陈伟 (Chén Wěi)', 'author'],
	];
}

/** Categories: name => parent name ('' for top level). Parents come first. */
function realwp_categories(): array
{
	return [
		'News' => '',
		'Arts & Culture' => '',
		'Film & TV' => 'Arts & Culture',
		'Science' => '',
		'Physics' => 'Science',
		'Quantum' => 'Physics',
		'World' => '',
		'Europe' => 'World',
		'日本' => 'World',
	];
}

/** Tags used by seeded posts. */
function realwp_tags(): array
{
	return ['C++', 'R&D', 'naïve', 'emoji 🎉', 'Москва', 'हिन्दी', 'عربي', 'long-read', 'breaking', "editor's pick", 'Q&A', 'data', 'AI', '東京', 'how-to'];
}

/** Picks one element of $list with mt_rand. */
function realwp_pick(array $list)
{
	return $list[mt_rand(0, count($list) - 1)];
}

/** Title templates; %d is the post number. ASCII punctuation on purpose. */
function realwp_titles(): array
{
	return [
		'"Quoted" -- it\'s post %d',
		'Rock & Roll & "more": post %d',
		'Fish &amp; Chips -- 5 things you didn\'t know (%d)',
		'Ukraine 🇺🇦 and Japan 🇯🇵 -- a family 👩‍👩‍👧 story %d',
		'مرحبا بالعالم - تقرير رقم %d',
		'東京の「桜」が満開です %d',
		'Привет, мир: «новости» №%d',
		'नमस्ते दुनिया - समाचार %d',
		'Wait... the \'90s called -- 10x20 (c) %d',
		'<em>HTML</em> in a title & <b>bold</b> %d',
		'Prices: 5 &lt; 6 &gt; 4 and 1/2 off - item %d',
		'Café naïve résumé -- Ünïcödé %d',
		'Smile 😀 -- thumbs 👍🏽 -- rainbow 🏳️‍🌈 %d',
		'Tom\'s "best" list - part %d',
		'Plain title number %d',
	];
}

/** Returns one block-editor paragraph. */
function realwp_p(string $html): string
{
	return "<!-- wp:paragraph -->\n<p>$html</p>\n<!-- /wp:paragraph -->\n\n";
}

/** Returns the body of seeded post $n (HTML with block markup). */
function realwp_content(int $n): string
{
	$sentences = [
		'It\'s a "simple" sentence -- nothing more.',
		'Salt & pepper, then &amp; again, and a double-escaped &amp;amp; from a bad plugin.',
		'Flags 🇺🇦🇯🇵🇪🇺, family 👩‍👩‍👧, skin tones 👋🏿 and a keycap 1️⃣.',
		'العربية تكتب من اليمين إلى اليسار، مع أرقام 123 في الوسط.',
		'日本語の文章です。句読点もあります。',
		'Кириллица: съешь же ещё этих мягких французских булок.',
		'हिन्दी में एक वाक्य है।',
		'Non-breaking&nbsp;space, soft&shy;hyphen, numeric &#8220;entities&#8221; and &eacute;.',
		'Math: 2 &lt; 3 &amp;&amp; 3 &gt; 2; <code>a &lt;b&gt; c</code>.',
		'<a href="http://127.0.0.1/elsewhere/?a=1&amp;b=2">A link with &amp; in it</a> and <strong>bold</strong> <em>words</em>.',
	];
	$out = '';
	$out .= "<!-- wp:heading -->\n<h2>Section for post $n</h2>\n<!-- /wp:heading -->\n\n";
	$count = mt_rand(2, 5);
	for ($i = 0; $i < $count; $i++) {
		$out .= realwp_p(realwp_pick($sentences) . ' ' . realwp_pick($sentences));
	}
	switch ($n % 5) {
	case 0:
		$out .= "<!-- wp:list -->\n<ul><li>First &amp; foremost</li><li>Second -- \"quoted\"</li><li>Third 🇯🇵<ul><li>Nested item</li></ul></li></ul>\n<!-- /wp:list -->\n\n";
		break;
	case 1:
		$out .= "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>R&amp;D</td><td>42</td></tr><tr><td>日本</td><td>3.14</td></tr></tbody></table><figcaption>A table caption</figcaption></figure>\n<!-- /wp:table -->\n\n";
		break;
	case 2:
		$out .= "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>Someone said it's \"fine\".</p><cite>Anonymous</cite></blockquote>\n<!-- /wp:quote -->\n\n";
		$out .= "<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>if (a &lt; b &amp;&amp; c) { return \"x\\n\"; }</code></pre>\n<!-- /wp:code -->\n\n";
		break;
	case 3:
		$out .= "<!-- wp:list {\"ordered\":true} -->\n<ol><li>One</li><li>Two</li><li>Three</li></ol>\n<!-- /wp:list -->\n\n";
		$out .= "<!-- wp:html -->\n<script>var realwp = \"<p>not text</p>\";</script><style>.x{content:\"&\"}</style>\n<!-- /wp:html -->\n\n";
		break;
	default:
		// A classic-editor post (no block markup): wpautop makes the paragraphs.
		$out = "Classic post $n, first paragraph -- it's \"old style\".\n\nSecond paragraph &amp; more.\n\n<ul>\n<li>classic list</li>\n</ul>";
		break;
	}
	if ($n % 7 === 0) {
		$out .= "<!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->\n\n";
		$out .= "<!-- wp:html -->\n<div class=\"sharedaddy\"><h3>Share this:</h3><ul><li>Twitter</li><li>Facebook</li></ul></div>\n<!-- /wp:html -->\n\n";
	}
	return rtrim($out) . "\n";
}

/**
 * Returns the post array (without author/terms ids resolved) for seeded post $n.
 *
 * Keys: title, content, excerpt, author (login), category (name), tags (names),
 * age (seconds before the anchor time), sticky, password.
 */
function realwp_post_spec(int $n): array
{
	mt_srand(REALWP_SEED + $n);
	$title = sprintf(realwp_pick(realwp_titles()), $n);
	if ($n % 301 === 150) {
		$title = ''; // An untitled post.
	}
	$tags = [];
	$tagCount = mt_rand(0, 3);
	for ($i = 0; $i < $tagCount; $i++) {
		$tags[] = realwp_pick(realwp_tags());
	}
	$categories = array_keys(realwp_categories());
	return [
		'title' => $title,
		'content' => realwp_content($n),
		'excerpt' => $n % 4 === 0 ? "A hand-written excerpt for post $n -- it's \"short\" & sweet." : '',
		'author' => realwp_pick(array_keys(realwp_authors())),
		'category' => $n % 11 === 0 ? '' : realwp_pick($categories),
		'tags' => array_values(array_unique($tags)),
		// Between one hour and two years before the anchor.
		'age' => mt_rand(3600, 2 * 365 * 86400),
		'sticky' => $n === 3,
		'password' => $n % 200 === 99 ? 'secret' : '',
	];
}

/**
 * Returns the body of an article-length post: eight paragraphs of three
 * sentences of plain English news prose (about 3 KB of text, the length of
 * a wire story), drawn with mt_rand from a pool. `seed N --articles`
 * appends it to every post, for the benchmark of the story fingerprints.
 */
function realwp_article(int $n): string
{
	$pool = [
		'The finance ministry said on Tuesday that the new budget would cut spending on roads and bridges by a fifth over the next three years.',
		'Officials in the capital declined to say when the talks, which began in the spring, would resume after the latest round ended without agreement.',
		'Shares in the company fell sharply in early trading after it warned that profits for the year would be lower than analysts had expected.',
		'"We are doing everything we can to bring the situation under control," the regional governor told reporters outside the emergency headquarters.',
		'The storm knocked out power to more than two hundred thousand homes and businesses along the coast before it weakened overnight.',
		'Opposition leaders called for an independent inquiry into how the contract was awarded, saying the process had not been open to scrutiny.',
		'The central bank kept its main interest rate unchanged for a fourth meeting in a row, citing uncertainty about the pace of inflation.',
		'Rescue teams worked through the night to reach villages cut off by landslides, and aid agencies said food and clean water were running short.',
		'The minister, who took office last year, said the reforms would be introduced gradually so that employers had time to adjust their plans.',
		'According to figures published by the statistics office, unemployment rose slightly in the third quarter while wages grew faster than prices.',
		'Police said three people had been detained for questioning and that there was no wider threat to the public at this stage of the investigation.',
		'"This is a decision that will shape the country for a generation," said a spokesman for the coalition, which has a narrow majority in parliament.',
		'The agreement still needs the approval of all member states, several of which have raised concerns about its effect on farmers and fishermen.',
		'Doctors at the main hospital said the number of patients admitted with the illness had doubled in a week, and asked visitors to stay away.',
		'The airline said it would cancel about one in ten of its flights over the holiday period because of a shortage of pilots and ground staff.',
		'Researchers who led the study said the results were encouraging but cautioned that the trial was small and would need to be repeated.',
		'Thousands of people marched through the city centre on Saturday to protest against the plan, which would close two schools and a library.',
		'The court ruled that the law, passed in a hurry at the end of the last session, did not breach the constitution, ending a long dispute.',
		'Exports of grain through the port have resumed after a pause of several weeks, according to shipping data compiled by a private firm.',
		'The company said it would invest heavily in a new factory in the north, creating hundreds of jobs in a region hit hard by mine closures.',
		'Election officials said turnout was higher than at any vote in the past two decades, with long queues at polling stations into the evening.',
		'A spokeswoman for the prime minister said the government had no plans to change course despite the criticism from its own back benches.',
		'The museum, which reopened last month after a long renovation, said visitor numbers had exceeded its expectations for the whole season.',
		'Firefighters brought the blaze under control late on Sunday after it had burned across several thousand hectares of forest and farmland.',
	];
	mt_srand(REALWP_SEED * 3 + $n);
	$out = '';
	for ($p = 0; $p < 8; $p++) {
		$out .= realwp_p(realwp_pick($pool) . ' ' . realwp_pick($pool) . ' ' . realwp_pick($pool));
	}
	return $out;
}
