#pragma once
// The dashboard's HTML pages, rendered on the server from web/views.hpp:
// pure functions, every user-typed string escaped (web/escape.hpp), no
// inline script or style (the Content-Security-Policy forbids both), one
// stylesheet and one optional script from /assets/. The part of a page that
// live refresh replaces is the element with id "live".
#include <chrono>
#include <string>
#include <string_view>

#include "web/views.hpp"

namespace web {

std::string home_page(const HomeView& view);
// Whether `/` with these filters shows the recently resolved: with no state
// filter on the first page of open incidents, and with state=resolved.
bool lists_resolved(const ListFilter& filter);
// Whether the filter leaves out some open incidents (a severity, a title, a
// date, a state other than open, or resolved ones only): the heading then
// says how many of them match ("Open (1 of 12)").
bool narrows_open(const ListFilter& filter);
std::string incident_page(const IncidentView& view);
std::string stats_page(const StatsView& view);
// The token form; `next` (a local path) is where signing in leads.
std::string signin_page(std::string_view next, bool failed);
// "Not found", "Bad request", …: a heading and one line saying what to do.
std::string message_page(std::string_view heading, std::string_view message);
std::string not_found_page(std::string_view message);

// "45s", "12m", "3h 05m", "2d 4h": a span of time, short.
std::string short_duration(std::chrono::seconds span);

}  // namespace web
