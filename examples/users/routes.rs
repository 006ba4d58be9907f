//! Which handler answers which method at which path; every other method or path gets a problem+json 405 or 404.

use actix_web::http::header::{ALLOW, HeaderValue};
use actix_web::web::{self, ServiceConfig};
use actix_web::{ResponseError, Route};
use etag_runtime::Conditional;

use crate::errors::ApiError;
use crate::{card, docs, health, me, pages, reads, writes};

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(
            web::resource("/")
                .route(web::get().to(pages::home))
                .route(web::head().to(pages::home))
                .default_service(only("GET, HEAD")),
        )
        // No attribute on this handler: the `Conditional` middleware makes the whole scope conditional, with
        // `no-cache` like every read here (without it, some client caches reuse the copy without asking).
        .service(
            web::scope("/users.csv")
                .wrap(Conditional::default().cache_control("no-cache"))
                .service(
                    web::resource("")
                        .route(web::get().to(pages::users_csv))
                        .route(web::head().to(pages::users_csv))
                        .default_service(only("GET, HEAD")),
                ),
        )
        .service(
            web::resource("/users/{id}/card")
                .route(web::get().to(card::user_card))
                .route(web::head().to(card::user_card))
                .default_service(only("GET, HEAD")),
        )
        .service(
            web::resource("/me")
                .route(web::get().to(me::me))
                .route(web::head().to(me::me))
                .default_service(only("GET, HEAD")),
        )
        .service(
            web::resource("/users")
                .route(web::get().to(reads::list_users))
                .route(web::head().to(reads::list_users))
                .route(web::post().to(writes::create_user))
                .default_service(only("GET, HEAD, POST")),
        )
        // Before `/users/{id}`, which would otherwise take "stats" as an id.
        .service(
            web::resource("/users/stats")
                .route(web::get().to(reads::user_stats))
                .route(web::head().to(reads::user_stats))
                .default_service(only("GET, HEAD")),
        )
        .service(
            web::resource("/users/{id}")
                .route(web::get().to(reads::get_user))
                .route(web::head().to(reads::get_user))
                .route(web::put().to(writes::put_user))
                .route(web::patch().to(writes::patch_user))
                .route(web::delete().to(writes::delete_user))
                .default_service(only("GET, HEAD, PUT, PATCH, DELETE")),
        )
        .service(
            web::resource("/openapi.json")
                .route(web::get().to(docs::openapi_json))
                .route(web::head().to(docs::openapi_json))
                .default_service(only("GET, HEAD")),
        )
        .service(
            web::resource("/livez")
                .route(web::get().to(health::livez))
                .route(web::head().to(health::livez))
                .default_service(only("GET, HEAD")),
        )
        .service(
            web::resource("/readyz")
                .route(web::get().to(health::readyz))
                .route(web::head().to(health::readyz))
                .default_service(only("GET, HEAD")),
        )
        .service(docs::Document::page())
        .default_service(web::to(|| async { ApiError::no_route().error_response() }));
}

/// A 405 that names the methods the resource has (RFC 9110 §15.5.6).
pub fn only(allow: &'static str) -> Route {
    web::to(move || async move {
        let mut response = ApiError::method_not_allowed(allow).error_response();
        response.headers_mut().insert(ALLOW, HeaderValue::from_static(allow));
        response
    })
}
