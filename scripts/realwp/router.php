<?php
/**
 * Router for `php -S` (PHP's built-in web server) serving a WordPress tree.
 *
 * Real files are served as they are (PHP files are executed); every other
 * path goes to WordPress's index.php, which is what Apache's rewrite rules
 * do for pretty permalinks (/wp-json/..., /2025/01/slug/). With the
 * environment variable REALWP_UNKNOWN_PATHS=404 such paths get a 404 instead.
 */
$root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$path = '/' . ltrim((string) parse_url(urldecode($_SERVER['REQUEST_URI']), PHP_URL_PATH), '/');

if ($path !== '/' && strpos($path, '..') === false && file_exists($root . $path)) {
	if (is_dir($root . $path)) {
		if (substr($path, -1) !== '/') {
			header('Location: ' . $path . '/', true, 301);
			exit;
		}
		return false; // The server runs the directory's index.php.
	}
	return false; // A real file: the server sends it (or runs it if it is PHP).
}

// Mode "plain" mimics a server without rewrite rules (Apache without
// mod_rewrite): paths that are not files are the server's own 404.
if ($path !== '/' && getenv('REALWP_UNKNOWN_PATHS') === '404') {
	http_response_code(404);
	header('Content-Type: text/html; charset=iso-8859-1');
	echo "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n";
	return true;
}

$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
chdir($root);
require $root . '/index.php';
return true;
