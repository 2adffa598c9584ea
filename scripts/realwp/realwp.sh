#!/usr/bin/env bash
# realwp.sh — install and run a real WordPress on loopback for integration tests.
# See README.md in this directory for usage and figures.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(wordpress php-cli php-mysql mariadb-server)

die() { echo "realwp: $*" >&2; exit 1; }

cmd_install() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
			missing+=("$p")
		fi
	done
	if [ "${#missing[@]}" -eq 0 ]; then
		echo "realwp: packages already installed"
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || die "install needs root (missing: ${missing[*]})"
	export DEBIAN_FRONTEND=noninteractive
	# Keep package scripts from starting system services (apache2, mariadb):
	# tests run their own servers. Only add a policy if none is in place.
	local policy=/usr/sbin/policy-rc.d added=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		added=1
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	echo "realwp: installing ${missing[*]}"
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		"${missing[@]}" >/dev/null
	if [ "$added" -eq 1 ]; then
		rm -f "$policy"
		trap - EXIT
	fi
	echo "realwp: installed"
}

# state_dir DIR: absolute path of a state directory (created if missing).
state_dir() {
	[ -n "${1:-}" ] || die "missing STATE_DIR"
	mkdir -p "$1"
	(cd "$1" && pwd)
}

# wpcli STATE ARGS...: runs the PHP helper against the site in STATE.
wpcli() {
	local st="$1"; shift
	php -d display_errors=stderr -d log_errors=1 -d error_log="$st/php-error.log" \
		-d memory_limit=512M "$HERE/wpcli.php" "$st" "$@"
}

# alive PID PATTERN: true if PID runs and its command line contains PATTERN.
alive() {
	local c
	c="$({ tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null)" || return 1
	[[ "$c" == *"$2"* ]]
}

# running STATE: true if every process recorded in STATE/pids is alive.
running() {
	local f="$1/pids" name pid pat n=0
	[ -s "$f" ] || return 1
	while read -r name pid pat; do
		alive "$pid" "$pat" || return 1
		n=$((n + 1))
	done <"$f"
	[ "$n" -ge 2 ]
}

# sock_path STATE: the MariaDB socket path (kept short: unix sockets allow ~107 bytes).
sock_path() {
	local st="$1" s
	if [ -s "$st/socket" ]; then cat "$st/socket"; return; fi
	s="$st/mysql.sock"
	if [ "${#s}" -gt 100 ]; then
		s="$(mktemp -d /tmp/realwp-sock.XXXXXX)/mysql.sock"
	fi
	printf '%s\n' "$s" >"$st/socket"
	echo "$s"
}

# record_pid STATE NAME PIDFILE PATTERN: appends "NAME PID PATTERN" to STATE/pids
# once the launcher has written PIDFILE (the pid that execs the server).
record_pid() {
	local i
	for i in $(seq 1 100); do
		[ -s "$3" ] && break
		[ "$i" -eq 100 ] && die "$2 did not start"
		sleep 0.05
	done
	echo "$2 $(cat "$3") $4" >>"$1/pids"
}

start_mariadb() {
	local st="$1" sock="$2" userarg=() i
	[ "$(id -u)" -eq 0 ] && userarg=(--user=root)
	if [ ! -d "$st/mysql/mysql" ]; then
		rm -rf "$st/mysql"
		mariadb-install-db --no-defaults "${userarg[@]}" --datadir="$st/mysql" \
			--auth-root-authentication-method=normal --skip-test-db \
			>"$st/mariadb-install.log" 2>&1 || { cat "$st/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
	fi
	rm -f "$sock" "$st/mariadbd.launch-pid"
	# shellcheck disable=SC2016 # $$ and $@ belong to the inner bash.
	setsid bash -c 'echo $$ >"$0"; exec "$@"' "$st/mariadbd.launch-pid" \
		/usr/sbin/mariadbd --no-defaults "${userarg[@]}" --datadir="$st/mysql" \
		--socket="$sock" --pid-file="$st/mariadbd.pid" --skip-networking \
		--log-error="$st/mariadbd.err" --tmpdir="$st" \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 \
		--innodb-doublewrite=0 --skip-log-bin --performance-schema=OFF \
		</dev/null >"$st/mariadbd.out" 2>&1 &
	record_pid "$st" mariadbd "$st/mariadbd.launch-pid" "$st/mysql"
	for i in $(seq 1 300); do
		if [ -S "$sock" ] && mariadb --no-defaults -uroot --socket="$sock" -e 'SELECT 1' >/dev/null 2>&1; then
			break
		fi
		if [ "$i" -eq 300 ] || ! alive "$(cat "$st/mariadbd.launch-pid")" "$st/mysql"; then
			cat "$st/mariadbd.err" >&2 || true
			die "MariaDB did not start"
		fi
		sleep 0.1
	done
	mariadb --no-defaults -uroot --socket="$sock" <<'SQL'
CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wp'@'localhost';
SQL
}

write_wp() {
	local st="$1" port="$2" sock="$3"
	if [ ! -f "$st/wp/wp-settings.php" ]; then
		rm -rf "$st/wp"
		cp -a /usr/share/wordpress "$st/wp"
		rm -f "$st/wp/.htaccess" "$st/wp/wp-config.php"
	fi
	mkdir -p "$st/wp/wp-content/mu-plugins" "$st/wp/wp-content/themes/realwp" "$st/wp/wp-content/uploads"
	cp "$HERE/mu-plugin.php" "$st/wp/wp-content/mu-plugins/realwp.php"
	cp "$HERE/theme/style.css" "$HERE/theme/index.php" "$st/wp/wp-content/themes/realwp/"
	cat >"$st/wp/wp-config.php" <<PHP
<?php
// Written by realwp.sh: a loopback WordPress for integration tests.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:$sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
\$table_prefix = 'wp_';
define('AUTH_KEY', 'realwp-auth-key');
define('SECURE_AUTH_KEY', 'realwp-secure-auth-key');
define('LOGGED_IN_KEY', 'realwp-logged-in-key');
define('NONCE_KEY', 'realwp-nonce-key');
define('AUTH_SALT', 'realwp-auth-salt');
define('SECURE_AUTH_SALT', 'realwp-secure-auth-salt');
define('LOGGED_IN_SALT', 'realwp-logged-in-salt');
define('NONCE_SALT', 'realwp-nonce-salt');
define('WP_HOME', 'http://127.0.0.1:$port');
define('WP_SITEURL', 'http://127.0.0.1:$port');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('WP_DEFAULT_THEME', 'realwp');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('FS_METHOD', 'direct');
define('WP_DEBUG', false);
if (!defined('ABSPATH')) {
	define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
PHP
}

start_php() {
	local st="$1" port="$2" mode="$3" i code pid
	rm -f "$st/php.launch-pid"
	local unknown=index
	[ "$mode" = plain ] && unknown=404
	# shellcheck disable=SC2016 # $$ and $@ belong to the inner bash.
	setsid bash -c 'echo $$ >"$0"; exec "$@"' "$st/php.launch-pid" \
		env PHP_CLI_SERVER_WORKERS=4 REALWP_UNKNOWN_PATHS="$unknown" php -d display_errors=0 -d log_errors=1 \
		-d error_log="$st/php-error.log" -d memory_limit=256M -d opcache.enable_cli=1 \
		-S "127.0.0.1:$port" -t "$st/wp" "$HERE/router.php" \
		</dev/null >"$st/php-server.log" 2>&1 &
	record_pid "$st" php "$st/php.launch-pid" "127.0.0.1:$port"
	pid="$(cat "$st/php.launch-pid")"
	for i in $(seq 1 100); do
		code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/readme.html" || true)"
		[ "$code" = 200 ] && break
		if [ "$i" -eq 100 ] || ! alive "$pid" "127.0.0.1:$port"; then
			cat "$st/php-server.log" >&2 || true
			die "php -S did not answer on port $port"
		fi
		sleep 0.1
	done
}

cmd_start() {
	[ $# -ge 2 ] || die "usage: realwp.sh start STATE_DIR PORT [plain]"
	local st port="$2" mode="${3:-pretty}" sock
	st="$(state_dir "$1")"
	case "$port" in ''|*[!0-9]*) die "bad port: $port" ;; esac
	case "$mode" in pretty | plain | plain-catchall) ;; *) die "third argument must be plain, plain-catchall or pretty" ;; esac
	if running "$st"; then
		echo "realwp: already running: $(cat "$st/url")"
		return 0
	fi
	cmd_stop "$st" >/dev/null
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "port $port is already in use"
	fi
	echo "$port" >"$st/port"
	echo "$mode" >"$st/mode"
	echo "http://127.0.0.1:$port" >"$st/url"
	sock="$(sock_path "$st")"
	: >"$st/pids"
	# On failure, end whatever was started so a caller has nothing to clean up.
	trap 'cmd_stop "$st" >/dev/null 2>&1 || true' EXIT
	start_mariadb "$st" "$sock"
	write_wp "$st" "$port" "$sock"
	wpcli "$st" install "${mode%-catchall}"
	start_php "$st" "$port" "$mode"
	check_site "$st" "$port" "$mode"
	trap - EXIT
	echo "realwp: running $(cat "$st/url") (state $st)"
}

# check_site STATE PORT MODE: the REST API answers where it should, and only there.
check_site() {
	local port="$2" mode="$3" base="http://127.0.0.1:$2" code
	code="$(curl -s -o /dev/null -w '%{http_code}' "$base/?rest_route=/")"
	[ "$code" = 200 ] || die "?rest_route=/ answered $code"
	code="$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base/wp-json/")"
	case "$mode:$code" in
	pretty:"200 application/json"*) ;;
	plain:404*) ;;
	plain-catchall:"200 text/html"*) ;; # WordPress's home page, not the API
	*) die "/wp-json/ answered '$code' in mode $mode" ;;
	esac
}

cmd_stop() {
	[ $# -ge 1 ] || die "usage: realwp.sh stop STATE_DIR"
	local st="$1" f name pid pat i left
	f="$st/pids"
	if [ ! -e "$f" ]; then
		echo "realwp: not running"
		return 0
	fi
	# Each recorded pid leads its own session/process group (started via setsid):
	# signal the group so php -S workers go too.
	while read -r name pid pat; do
		if alive "$pid" "$pat"; then
			kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
		fi
	done <"$f"
	for i in $(seq 1 300); do
		left=0
		while read -r name pid pat; do
			if alive "$pid" "$pat" || [ -n "$(ps -o pid= --sid "$pid" 2>/dev/null)" ]; then
				left=1
				if [ "$i" -eq 200 ]; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
			fi
		done <"$f"
		[ "$left" -eq 0 ] && break
		[ "$i" -eq 300 ] && die "processes of $st did not exit"
		sleep 0.1
	done
	rm -f "$f"
	if [ -s "$st/socket" ]; then
		local sock
		sock="$(cat "$st/socket")"
		rm -f "$sock" "$st/socket"
		case "$sock" in /tmp/realwp-sock.*) rmdir "$(dirname "$sock")" 2>/dev/null || true ;; esac
	fi
	echo "realwp: stopped"
}

need_running() {
	running "$1" || die "not running: $1 (run: realwp.sh start $1 PORT)"
}

# fetch NAME URL [CURL ARGS...]: saves NAME.headers and NAME.body under $OUT, normalised.
fetch() {
	local name="$1" url="$2"; shift 2
	curl -sS --http1.1 -D "$OUT/$name.headers" -o "$OUT/$name.body" "$@" "$url"
	# curl -I writes the headers to -o as well: a HEAD answer has no body.
	case " $* " in *" -I "*) : >"$OUT/$name.body" ;; esac
	# Machine-specific bits: the port becomes the literal PORT; the Date header a fixed date.
	sed -i -e "s/127\.0\.0\.1:$PORT/127.0.0.1:PORT/g" "$OUT/$name.body"
	sed -i -e "s/127\.0\.0\.1:$PORT/127.0.0.1:PORT/g" \
		-e 's/^Date: .*\r$/Date: Mon, 01 Jan 2024 00:00:00 GMT\r/' \
		-e "s/^Content-Length: .*\r\$/Content-Length: $(wc -c <"$OUT/$name.body")\r/I" \
		"$OUT/$name.headers"
	printf '%-28s %s\n' "$name" "$(head -n1 "$OUT/$name.headers" | tr -d '\r')"
}

cmd_record() {
	[ $# -ge 2 ] || die "usage: realwp.sh record STATE_DIR OUTDIR"
	local st base ids trashed deleted api sep OUT PORT
	st="$(state_dir "$1")"
	need_running "$st"
	mkdir -p "$2"
	OUT="$(cd "$2" && pwd)"
	PORT="$(cat "$st/port")"
	base="http://127.0.0.1:$PORT"
	# The API root: /wp-json/ with pretty permalinks, /?rest_route=/ with plain ones.
	case "$(cat "$st/mode")" in
	plain*) api="$base/?rest_route=" sep='&' ;;
	*) api="$base/wp-json" sep='?' ;;
	esac
	# Two throwaway posts: one to trash, one to delete.
	ids="$(wpcli "$st" add 2)"
	trashed="$(echo "$ids" | sed -n 1p)"
	deleted="$(echo "$ids" | sed -n 2p)"
	wpcli "$st" trash "$trashed" >/dev/null
	wpcli "$st" delete "$deleted" >/dev/null
	fetch home "$base/"
	fetch home-head "$base/" -I
	fetch wp-json "$base/wp-json/"
	case "$(cat "$st/mode")" in plain*) fetch rest-route-index "$base/?rest_route=/" ;; esac
	fetch posts-page1 "$api/wp/v2/posts${sep}per_page=2&page=1"
	fetch posts-past-end "$api/wp/v2/posts${sep}per_page=2&page=100000"
	fetch posts-per-page-101 "$api/wp/v2/posts${sep}per_page=101"
	fetch posts-fields "$api/wp/v2/posts${sep}per_page=3&_fields=id,guid,modified_gmt&orderby=id&order=asc"
	fetch post-trashed "$api/wp/v2/posts/$trashed"
	fetch post-deleted "$api/wp/v2/posts/$deleted"
	# shellcheck disable=SC2016 # $wp_version is PHP.
	{
		echo "recorded from realwp ($(cat "$st/mode") permalinks), WordPress $(php -r 'include "'"$st"'/wp/wp-includes/version.php"; echo $wp_version;'), PHP $(php -r 'echo PHP_VERSION;')"
		echo "trashed post id: $trashed"
		echo "deleted post id: $deleted"
		echo "port replaced by the literal PORT; Date header fixed to Mon, 01 Jan 2024 00:00:00 GMT"
	} >"$OUT/README.txt"
}

usage() {
	cat <<'USAGE'
usage: realwp.sh COMMAND ...
  install                          apt-get the packages (only those missing)
  start STATE_DIR PORT [MODE]      MariaDB + WordPress on 127.0.0.1:PORT; MODE: pretty (default),
                                   plain (unknown paths 404, like Apache without rewrites),
                                   plain-catchall (plain permalinks, unknown paths -> index.php)
  seed STATE_DIR N [--articles]    N deterministic demanding posts (continues the sequence);
                                   --articles adds ~3 KB of news prose to each (wpbench -realwp)
  seed-types STATE_DIR PAGES BOOKS pages (some nested) and books of the custom type "book" (genres)
  dump-names STATE_DIR             categories, genres, users (decoded names) and counts per type, as JSON
  add STATE_DIR N                  N new posts dated now; prints their ids
  edit STATE_DIR ID...             change title and content, bump modified; prints "ID modified_gmt"
  trash|delete STATE_DIR ID...     move to trash | delete for good
  unpublish STATE_DIR [--draft] ID...   make private (default) or draft
  query STATE_DIR [dump-posts|counts] [--all] [--content]
  dump-posts STATE_DIR [--all] [--content]   JSON array of published (or all) posts
  record STATE_DIR OUTDIR          save genuine responses as NAME.headers + NAME.body
  stop STATE_DIR                   end the processes recorded in STATE_DIR/pids
USAGE
}

main() {
	[ $# -ge 1 ] || { usage >&2; exit 2; }
	local sub="$1" st
	shift
	case "$sub" in
	install) cmd_install "$@" ;;
	start) cmd_start "$@" ;;
	stop)
		[ $# -ge 1 ] || die "usage: realwp.sh stop STATE_DIR"
		if [ -d "$1" ]; then cmd_stop "$(cd "$1" && pwd)"; else echo "realwp: not running"; fi ;;
	seed | seed-types | dump-names | add | edit | trash | delete | unpublish | dump-posts | counts | query)
		[ $# -ge 1 ] || die "usage: realwp.sh $sub STATE_DIR ..."
		st="$(state_dir "$1")"
		shift
		need_running "$st"
		if [ "$sub" = query ]; then
			sub="${1:-dump-posts}"
			[ $# -gt 0 ] && shift
			case "$sub" in dump-posts | counts) ;; *) die "query: unknown fact: $sub" ;; esac
		fi
		wpcli "$st" "$sub" "$@" ;;
	record) cmd_record "$@" ;;
	help | -h | --help) usage ;;
	*) usage >&2; exit 2 ;;
	esac
}

main "$@"
