//! A router that remembers what it serves: every `(method, path)` pair goes through
//! [`Routes::add`], so the list the OpenAPI test compares with the document
//! (`service/tests/integration/openapi.rs`) is the router itself, not a copy that could drift.

use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{on, MethodFilter};
use axum::Router;

/// A router under construction plus the routes added to it.
#[derive(Debug)]
pub struct Routes<S> {
    router: Router<S>,
    served: Vec<(Method, &'static str)>,
}

impl<S: Clone + Send + Sync + 'static> Default for Routes<S> {
    fn default() -> Self {
        Routes {
            router: Router::new(),
            served: Vec::new(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// Serves `method path` with `handler` (several methods on one path are merged). `method` is
    /// one axum can route on (GET, POST, PUT, DELETE, …; not CONNECT, which this service never
    /// serves and which would be routed as GET).
    #[must_use]
    pub fn add<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        self.router = self.router.route(path, on(filter, handler));
        self.served.push((method, path));
        self
    }

    /// Adds every route of `other`.
    #[must_use]
    pub fn merge(mut self, other: Routes<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.served.extend(other.served);
        self
    }

    /// The routes added so far, as `(method, path)` with `{name}` for path parameters.
    pub fn served(&self) -> &[(Method, &'static str)] {
        &self.served
    }

    /// The router.
    pub fn into_router(self) -> Router<S> {
        self.router
    }
}
