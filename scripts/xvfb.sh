# Sourced by the scripts that need an X server.
#   start_xvfb DIR: starts Xvfb on a display number it picks itself
#   (-displayfd: never one another X server holds, whatever ran before),
#   waits until it answers, and sets DISPLAY and xvfb (its pid).
#   -noreset: without it the server resets each time its last client
#   disconnects (a program stopped, a probe such as xdotool done), and a
#   program that connects during the reset gets "Failed to open display"
#   (2 of 40 starts of bench/bare failed so; 0 of 40 with -noreset).
start_xvfb() {
	: >"$1/xvfb.display"
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$1/xvfb.display" >"$1/xvfb.log" 2>&1 &
	xvfb=$!
	_i=0
	until [ -n "$(cat "$1/xvfb.display")" ]; do
		_i=$((_i + 1))
		if [ $_i -gt 300 ] || ! kill -0 $xvfb 2>/dev/null; then
			cat "$1/xvfb.log" >&2
			echo "Xvfb did not start" >&2
			return 1
		fi
		sleep 0.1
	done
	DISPLAY=":$(head -1 "$1/xvfb.display")"
	export DISPLAY
	_i=0
	until xdotool getdisplaygeometry >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -le 100 ] || { echo "Xvfb on $DISPLAY does not answer" >&2; return 1; }
		sleep 0.1
	done
}
