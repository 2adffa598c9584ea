<?php
/**
 * Small WordPress CLI for the realwp test site (called by realwp.sh).
 *
 *   php wpcli.php STATE_DIR install pretty|plain
 *   php wpcli.php STATE_DIR seed N [--articles]   # N deterministic demanding posts
 *                                          # (--articles: each with ~3 KB of news prose more)
 *   php wpcli.php STATE_DIR add N           # N new posts dated now; prints their ids
 *   php wpcli.php STATE_DIR edit ID...      # changes title+content, bumps modified
 *   php wpcli.php STATE_DIR trash ID...
 *   php wpcli.php STATE_DIR delete ID...    # force delete (no trash)
 *   php wpcli.php STATE_DIR unpublish [--draft] ID...   # private (default) or draft
 *   php wpcli.php STATE_DIR dump-posts [--all] [--content]
 *   php wpcli.php STATE_DIR counts
 */

if (PHP_SAPI !== 'cli') {
	exit(1);
}
if ($argc < 3) {
	fwrite(STDERR, "usage: php wpcli.php STATE_DIR COMMAND [ARGS]\n");
	exit(2);
}
$realwp_state = rtrim($argv[1], '/');
$realwp_cmd = $argv[2];
$realwp_args = array_slice($argv, 3);
$realwp_port = trim((string) @file_get_contents("$realwp_state/port"));
if ($realwp_port === '' || !is_file("$realwp_state/wp/wp-load.php")) {
	fwrite(STDERR, "realwp: $realwp_state is not a started realwp state dir\n");
	exit(1);
}

// What a web request would have; WordPress reads some of these.
$_SERVER['HTTP_HOST'] = "127.0.0.1:$realwp_port";
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = $realwp_port;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

if ($realwp_cmd === 'install') {
	define('WP_INSTALLING', true);
}
require "$realwp_state/wp/wp-load.php";
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/post.php';
require_once __DIR__ . '/seedgen.php';

/** Prints a message to stderr and exits 1. */
function realwp_fail(string $msg): void
{
	fwrite(STDERR, "realwp: $msg\n");
	exit(1);
}

/** Parses the remaining arguments as post ids. */
function realwp_ids(array $args): array
{
	if (!$args) {
		realwp_fail('no post ids given');
	}
	$ids = [];
	foreach ($args as $a) {
		if (!ctype_digit($a)) {
			realwp_fail("not a post id: $a");
		}
		$ids[] = (int) $a;
	}
	return $ids;
}

/** Acts as the first administrator, so content is stored unfiltered (no kses). */
function realwp_as_admin(): void
{
	$admins = get_users(['role' => 'administrator', 'number' => 1, 'orderby' => 'ID']);
	if ($admins) {
		wp_set_current_user($admins[0]->ID);
	}
	kses_remove_filters();
}

/** Installs WordPress and sets the options tests rely on. */
function realwp_install(string $mode): void
{
	global $wp_rewrite;
	if (!is_blog_installed()) {
		$r = wp_install('Real WP "Test" & Co', 'admin', 'admin@example.test', true, '', 'realwp-admin-password');
		if (is_wp_error($r)) {
			realwp_fail('wp_install: ' . $r->get_error_message());
		}
		// Drop the "Hello world!" sample post so published posts are exactly what tests create.
		$hello = get_posts(['post_type' => 'post', 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids']);
		foreach ($hello as $id) {
			wp_delete_post($id, true);
		}
	}
	update_option('blogdescription', 'A real WordPress on loopback -- for tests');
	update_option('timezone_string', 'Pacific/Auckland');
	update_option('gmt_offset', '');
	update_option('date_format', 'Y-m-d');
	update_option('default_pingback_flag', '0');
	update_option('default_ping_status', 'closed');
	update_option('ping_sites', '');
	update_option('template', 'realwp');
	update_option('stylesheet', 'realwp');
	$wp_rewrite->set_permalink_structure($mode === 'plain' ? '' : '/%year%/%monthnum%/%postname%/');
	flush_rewrite_rules(false);
	echo "installed (permalinks: " . ($mode === 'plain' ? 'plain' : get_option('permalink_structure')) . ")\n";
}

/** Returns term ids for the seed taxonomy, creating users and terms on first use. */
function realwp_fixtures(): array
{
	$users = [];
	foreach (realwp_authors() as $login => [$name, $role]) {
		$u = get_user_by('login', $login);
		$id = $u ? $u->ID : wp_insert_user([
			'user_login' => $login,
			'user_pass' => "realwp-$login-password",
			'user_email' => "$login@example.test",
			'display_name' => $name,
			'nickname' => $name,
			'role' => $role,
		]);
		if (is_wp_error($id)) {
			realwp_fail("user $login: " . $id->get_error_message());
		}
		$users[$login] = (int) $id;
	}
	$cats = [];
	foreach (realwp_categories() as $name => $parent) {
		$t = term_exists($name, 'category', $parent === '' ? 0 : $cats[$parent]);
		if (!$t) {
			$t = wp_insert_term($name, 'category', ['parent' => $parent === '' ? 0 : $cats[$parent]]);
		}
		if (is_wp_error($t)) {
			realwp_fail("category $name: " . $t->get_error_message());
		}
		$cats[$name] = (int) $t['term_id'];
	}
	return [$users, $cats];
}

/** Inserts one post built from the spec of seeded post $n; $date '' means now. */
function realwp_insert(int $n, array $users, array $cats, string $date, string $prefix = '', bool $article = false): int
{
	$s = realwp_post_spec($n);
	if ($article) {
		$s['content'] .= "\n" . realwp_article($n);
	}
	$arr = [
		'post_type' => 'post',
		'post_status' => 'publish',
		'post_title' => $prefix . $s['title'],
		'post_content' => $s['content'],
		'post_excerpt' => $s['excerpt'],
		'post_author' => $users[$s['author']],
		'post_category' => $s['category'] === '' ? [] : [$cats[$s['category']]],
		'tags_input' => $s['tags'],
		'post_password' => $s['password'],
		'comment_status' => 'closed',
		'ping_status' => 'closed',
	];
	if ($date !== '') {
		$arr['post_date'] = $date; // Site-local; WordPress computes post_date_gmt.
	}
	if ($n % 10 === 5) {
		// Imported-looking GUID with a query string: WordPress stores it entity-escaped.
		$arr['guid'] = home_url("/?p=legacy-$n&lang=en");
	}
	$id = wp_insert_post(wp_slash($arr), true);
	if (is_wp_error($id)) {
		realwp_fail("post $n: " . $id->get_error_message());
	}
	if ($s['sticky']) {
		stick_post($id);
	}
	realwp_fix_guid((int) $id, $n);
	return (int) $id;
}

/**
 * Gives post $id of sequence number $n the GUID a real site would have.
 *
 * Posts written in the editor start as auto-drafts, so their GUID is
 * home/?p=ID; wp_insert_post alone would store the pretty permalink. Mix:
 * n%10==5: imported GUID with a query string (stored as &amp;); n%10==7: the
 * permalink at insert time (importer/API style); n%250==124: a duplicate of
 * the previous post's GUID; otherwise home/?p=ID.
 */
function realwp_fix_guid(int $id, int $n): void
{
	global $wpdb;
	if ($n % 10 === 5 || $n % 10 === 7) {
		return;
	}
	$guid = home_url("/?p=$id");
	if ($n % 250 === 124) {
		$prev = $wpdb->get_var($wpdb->prepare("SELECT guid FROM $wpdb->posts WHERE post_type = 'post' AND ID < %d ORDER BY ID DESC LIMIT 1", $id));
		if ($prev) {
			$guid = $prev;
		}
	}
	$wpdb->update($wpdb->posts, ['guid' => $guid], ['ID' => $id]);
	clean_post_cache($id);
}

/**
 * Creates $count seeded posts (continuing the deterministic sequence), each
 * with an article-length body appended when $articles; returns their ids.
 */
function realwp_seed(int $count, bool $now, bool $articles = false): array
{
	global $wpdb;
	realwp_as_admin();
	[$users, $cats] = realwp_fixtures();
	$anchor = (int) (getenv('REALWP_ANCHOR') ?: time());
	$key = $now ? 'realwp_added' : 'realwp_seeded';
	$base = (int) get_option($key, 0);
	wp_defer_term_counting(true);
	wp_defer_comment_counting(true);
	wp_suspend_cache_invalidation(true);
	$wpdb->query('START TRANSACTION');
	$ids = [];
	$prevDate = '';
	for ($i = 1; $i <= $count; $i++) {
		$n = $base + $i;
		if ($now) {
			$ids[] = realwp_insert($n, $users, $cats, '', 'Added: ', $articles);
			continue;
		}
		$s = realwp_post_spec($n);
		// Every 50th post shares the previous post's date exactly (ties in date order).
		$date = ($n % 50 === 0 && $prevDate !== '') ? $prevDate : wp_date('Y-m-d H:i:s', $anchor - $s['age']);
		$ids[] = realwp_insert($n, $users, $cats, $date, '', $articles);
		$prevDate = $date;
	}
	update_option($key, $base + $count);
	$wpdb->query('COMMIT');
	wp_suspend_cache_invalidation(false);
	wp_defer_term_counting(false);
	wp_defer_comment_counting(false);
	return $ids;
}

/** Changes title and content of each post and bumps its modified time. */
function realwp_edit(array $ids): void
{
	realwp_as_admin();
	foreach ($ids as $id) {
		$p = get_post($id);
		if (!$p) {
			realwp_fail("no post $id");
		}
		// post_modified has one-second resolution: make sure the bump is visible.
		while (strtotime($p->post_modified_gmt . ' UTC') >= time()) {
			usleep(200000);
		}
		$k = (int) get_post_meta($id, '_realwp_edits', true) + 1;
		$title = preg_replace('/ \(edit \d+\)$/', '', $p->post_title) . " (edit $k)";
		$content = $p->post_content . "\n" . realwp_p("Edit $k of post $id -- it's \"updated\" & changed.");
		$r = wp_update_post(wp_slash(['ID' => $id, 'post_title' => $title, 'post_content' => $content]), true);
		if (is_wp_error($r)) {
			realwp_fail("edit $id: " . $r->get_error_message());
		}
		update_post_meta($id, '_realwp_edits', $k);
		clean_post_cache($id);
		$p = get_post($id);
		echo "$id {$p->post_modified_gmt}\n";
	}
}

/** Applies $fn to each post id, failing on an unknown id. */
function realwp_each(array $ids, callable $fn, string $what): void
{
	realwp_as_admin();
	foreach ($ids as $id) {
		if (!get_post($id)) {
			realwp_fail("no post $id");
		}
		$r = $fn($id);
		if (!$r || is_wp_error($r)) {
			realwp_fail("$what $id failed");
		}
		echo "$id $what\n";
	}
}

/** Prints posts as a JSON array, one object per line, as the REST API would render them. */
function realwp_dump(bool $all, bool $content): void
{
	// The REST API renders titles without the "Protected:"/"Private:" prefixes.
	add_filter('protected_title_format', function () { return '%s'; });
	add_filter('private_title_format', function () { return '%s'; });
	$ids = get_posts([
		'post_type' => 'post',
		'post_status' => $all ? ['publish', 'future', 'draft', 'pending', 'private', 'trash'] : 'publish',
		'numberposts' => -1,
		'orderby' => 'ID',
		'order' => 'ASC',
		'fields' => 'ids',
		'suppress_filters' => true,
	]);
	$rows = [];
	foreach ($ids as $id) {
		$p = get_post($id);
		$row = [
			'id' => $p->ID,
			'status' => $p->post_status,
			'title' => get_the_title($p->ID),
			'title_raw' => $p->post_title,
			'link' => get_permalink($p),
			'slug' => $p->post_name,
			'guid' => apply_filters('get_the_guid', $p->guid, $p->ID),
			'date' => mysql_to_rfc3339($p->post_date),
			'date_gmt' => mysql_to_rfc3339($p->post_date_gmt),
			'modified' => mysql_to_rfc3339($p->post_modified),
			'modified_gmt' => mysql_to_rfc3339($p->post_modified_gmt),
			'author' => (int) $p->post_author,
			'categories' => array_map('intval', wp_get_post_categories($p->ID)),
			'tags' => array_map('intval', wp_get_post_tags($p->ID, ['fields' => 'ids'])),
			'sticky' => is_sticky($p->ID),
			'protected' => $p->post_password !== '',
		];
		if ($content) {
			$GLOBALS['post'] = $p;
			setup_postdata($p);
			// Like the REST API without the password: protected content is empty.
			$row['content'] = $p->post_password !== '' ? '' : apply_filters('the_content', $p->post_content);
		}
		$rows[] = json_encode($row, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
	}
	echo $rows ? "[\n" . implode(",\n", $rows) . "\n]\n" : "[]\n";
}

switch ($realwp_cmd) {
case 'install':
	realwp_install($realwp_args[0] ?? 'pretty');
	break;
case 'seed':
case 'add':
	$count = (int) ($realwp_args[0] ?? 0);
	if ($count < 1) {
		realwp_fail("$realwp_cmd needs a positive count");
	}
	$articles = in_array('--articles', array_slice($realwp_args, 1), true);
	$ids = realwp_seed($count, $realwp_cmd === 'add', $articles);
	echo $realwp_cmd === 'seed' ? 'created ' . count($ids) . ' posts (ids ' . min($ids) . '..' . max($ids) . ")\n" : implode("\n", $ids) . "\n";
	break;
case 'edit':
	realwp_edit(realwp_ids($realwp_args));
	break;
case 'trash':
	realwp_each(realwp_ids($realwp_args), 'wp_trash_post', 'trashed');
	break;
case 'delete':
	realwp_each(realwp_ids($realwp_args), function ($id) { return wp_delete_post($id, true); }, 'deleted');
	break;
case 'unpublish':
	$status = 'private';
	if ($realwp_args && $realwp_args[0] === '--draft') {
		$status = 'draft';
		array_shift($realwp_args);
	}
	realwp_each(realwp_ids($realwp_args), function ($id) use ($status) {
		return wp_update_post(['ID' => $id, 'post_status' => $status], true);
	}, $status);
	break;
case 'seed-types':
	// seed-types PAGES BOOKS: pages (some nested) and books of the custom
	// type "book" with genres, by the seeded authors.
	realwp_as_admin();
	[$users, $cats] = realwp_fixtures();
	$pages = (int) ($realwp_args[0] ?? 0);
	$books = (int) ($realwp_args[1] ?? 0);
	$uids = array_values($users);
	$parent = 0;
	for ($i = 1; $i <= $pages; $i++) {
		$id = wp_insert_post(wp_slash([
			'post_type' => 'page',
			'post_status' => 'publish',
			'post_title' => "About us -- part $i & more",
			'post_content' => "<!-- wp:paragraph -->\n<p>Page $i: who we are, what we do & why it's \"important\".</p>\n<!-- /wp:paragraph -->",
			'post_author' => $uids[$i % count($uids)],
			'post_parent' => $i % 3 === 0 ? $parent : 0,
		]), true);
		if (is_wp_error($id)) {
			realwp_fail("page $i: " . $id->get_error_message());
		}
		if ($i % 3 === 1) {
			$parent = $id;
		}
	}
	$genres = ['Science fiction', 'Crime & Mystery', 'Poetry'];
	for ($i = 1; $i <= $books; $i++) {
		$id = wp_insert_post(wp_slash([
			'post_type' => 'book',
			'post_status' => 'publish',
			'post_title' => "The \"Book\" of $i -- a novel",
			'post_content' => "<p>Chapter one of book $i. It's a dark & stormy night.</p>",
			'post_author' => $uids[$i % count($uids)],
		]), true);
		if (is_wp_error($id)) {
			realwp_fail("book $i: " . $id->get_error_message());
		}
		wp_set_object_terms($id, [$genres[$i % count($genres)]], 'genre');
	}
	echo "created $pages pages and $books books\n";
	break;
case 'dump-names':
	// The names behind ids, decoded as a reader sees them.
	$dec = function ($s) { return html_entity_decode($s, ENT_QUOTES | ENT_HTML5, 'UTF-8'); };
	$out = ['categories' => [], 'genres' => [], 'users' => [], 'counts' => []];
	foreach (get_terms(['taxonomy' => 'category', 'hide_empty' => false]) as $t) {
		$out['categories'][] = ['id' => $t->term_id, 'name' => $dec($t->name), 'slug' => $t->slug, 'parent' => $t->parent];
	}
	foreach (get_terms(['taxonomy' => 'genre', 'hide_empty' => false]) as $t) {
		$out['genres'][] = ['id' => $t->term_id, 'name' => $dec($t->name), 'slug' => $t->slug];
	}
	foreach (get_users() as $u) {
		$out['users'][] = ['id' => $u->ID, 'name' => $u->display_name];
	}
	foreach (['post', 'page', 'book'] as $type) {
		$out['counts'][$type] = (int) wp_count_posts($type)->publish;
	}
	echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) . "\n";
	break;
case 'dump-posts':
	realwp_dump(in_array('--all', $realwp_args, true), in_array('--content', $realwp_args, true));
	break;
case 'counts':
	$c = wp_count_posts('post');
	echo json_encode(array_map('intval', (array) $c)) . "\n";
	break;
default:
	realwp_fail("unknown command: $realwp_cmd");
}
