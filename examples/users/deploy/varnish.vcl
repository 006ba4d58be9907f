# Varnish in front of three instances of the users example (on one PostgreSQL database), round robin.
#
#   varnishd -F -n /tmp/users-varnish -a 127.0.0.1:8080 -f "$PWD/examples/users/deploy/varnish.vcl" -s malloc,64m
#
# Varnish's gzip handling stays on, as it is by default: it fetches gzip from the instances, keeps one copy, and
# decodes it for clients that do not accept gzip (weakening the ETag, as RFC 9110 §8.8.3 asks of a transform).
vcl 4.1;

import directors;

backend one { .host = "127.0.0.1"; .port = "8081"; }
backend two { .host = "127.0.0.1"; .port = "8082"; }
backend three { .host = "127.0.0.1"; .port = "8083"; }

sub vcl_init {
    new instances = directors.round_robin();
    instances.add_backend(one);
    instances.add_backend(two);
    instances.add_backend(three);
}

sub vcl_recv {
    set req.backend_hint = instances.backend();
}

sub vcl_backend_response {
    # RFC 9111 §4.4: a successful unsafe request (Varnish passes them to an instance) invalidates what is stored
    # for its target URI, and for the Location it names, so the next GET of it fetches the new state instead of
    # revalidating a copy the write made stale. A refused write (4xx, 5xx) changed nothing, so nothing is
    # invalidated. The bans test each object's URL and host, kept on it below, so Varnish's ban lurker can apply
    # them in the background and drop them; a URL or host with a space (not valid HTTP) is never banned, so
    # neither can add to a ban's expression.
    if (bereq.method !~ "^(GET|HEAD|OPTIONS|TRACE)$" && beresp.status >= 200 && beresp.status < 400
            && bereq.url ~ "^/[!-~]*$" && bereq.http.host ~ "^[!-~]+$") {
        ban("obj.http.x-url == " + bereq.url + " && obj.http.x-host == " + bereq.http.host);
        if (beresp.http.Location ~ "^/[!-~]*$") {
            ban("obj.http.x-url == " + beresp.http.Location + " && obj.http.x-host == " + bereq.http.host);
        }
    }
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;
    # The example sends `Cache-Control: no-cache` on every read: a cache may store the response but must
    # revalidate it before each use (RFC 9111 §5.2.2.4). Varnish's built-in rule would not store it at all, and
    # it keeps no object whose ttl is 0, so: fresh for a millisecond, no grace (a stale copy is never served
    # unrevalidated), and kept an hour, during which Varnish revalidates it with If-None-Match and serves it
    # again on 304.
    if (beresp.http.Cache-Control ~ "(?i)no-cache") {
        set beresp.ttl = 1ms;
        set beresp.grace = 0s;
        set beresp.keep = 1h;
        return (deliver);
    }
}

sub vcl_deliver {
    # The URL and host kept on each object for the bans above are Varnish's own business.
    unset resp.http.x-url;
    unset resp.http.x-host;
}
