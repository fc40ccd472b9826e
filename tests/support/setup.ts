// Entities and resolvers read decorator metadata; load the polyfill before any of them.
import 'reflect-metadata';
