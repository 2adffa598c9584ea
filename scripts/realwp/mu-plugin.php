<?php
/**
 * Plugin Name: realwp test harness
 * Description: Keeps a loopback test WordPress quiet: no outgoing HTTP, no mail, no update checks, no pings.
 */

// Every outgoing HTTP request (update checks, pings, oEmbed, loopback health checks) fails at once.
add_filter('pre_http_request', function ($pre, $args, $url) {
	return new WP_Error('http_request_blocked', 'realwp: outgoing HTTP is disabled (' . $url . ')');
}, 1, 3);

// No mail: pretend it was sent.
add_filter('pre_wp_mail', '__return_true');

// No automatic updates or update checks.
add_filter('automatic_updater_disabled', '__return_true');
add_filter('pre_site_transient_update_core', '__return_null');
remove_action('init', 'wp_schedule_update_checks');
remove_action('admin_init', '_maybe_update_core');
remove_action('admin_init', '_maybe_update_plugins');
remove_action('admin_init', '_maybe_update_themes');

// No pings or enclosures on publish.
add_filter('pre_option_ping_sites', '__return_empty_string');
remove_action('publish_post', '_publish_post_hook', 5);

// A custom post type with its own taxonomy, exposed in the REST API like a
// plugin's (e.g. a books or events plugin): /wp/v2/books and /wp/v2/genres.
add_action('init', function () {
	register_post_type('book', [
		'label' => 'Books',
		'public' => true,
		'show_in_rest' => true,
		'rest_base' => 'books',
		'supports' => ['title', 'editor', 'author', 'excerpt'],
		'has_archive' => true,
		'rewrite' => ['slug' => 'books'],
	]);
	register_taxonomy('genre', ['book'], [
		'label' => 'Genres',
		'public' => true,
		'show_in_rest' => true,
		'rest_base' => 'genres',
		'hierarchical' => false,
	]);
});
