// The OpenAPI 3.1 description served at /api/v1/openapi.json; the unit test
// checks that every $ref resolves and every path parameter is declared.
#include "web/api.hpp"

namespace web {

const std::string& openapi_json() {
    static const std::string document = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "incident-bot API",
    "version": "1",
    "description": "Read-only view of incidents, timelines and MTTA/MTTR. Field names are those of the JSON export (incident-bot export --format json). Private incidents are listed by id, severity and state only and answer 404 by id. With HTTP_TOKEN set, send Authorization: Bearer <token>."
  },
  "servers": [{"url": "/"}],
  "security": [{"bearer": []}],
  "paths": {
    "/api/v1/incidents": {
      "get": {
        "operationId": "listIncidents",
        "summary": "Incidents, newest first, a page at a time",
        "parameters": [
          {"$ref": "#/components/parameters/state"},
          {"$ref": "#/components/parameters/severity"},
          {"$ref": "#/components/parameters/since"},
          {"$ref": "#/components/parameters/cursor"},
          {"$ref": "#/components/parameters/limit"}
        ],
        "responses": {
          "200": {"description": "A page of incidents", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentList"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"}
        }
      }
    },
    "/api/v1/incidents/{id}": {
      "get": {
        "operationId": "getIncident",
        "summary": "One incident, without its timeline",
        "parameters": [{"$ref": "#/components/parameters/id"}],
        "responses": {
          "200": {"description": "The incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentDocument"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/api/v1/incidents/{id}/timeline": {
      "get": {
        "operationId": "getTimeline",
        "summary": "An incident's timeline, oldest first, a page at a time",
        "parameters": [
          {"$ref": "#/components/parameters/id"},
          {"$ref": "#/components/parameters/cursor"},
          {"$ref": "#/components/parameters/limit"}
        ],
        "responses": {
          "200": {"description": "A page of timeline rows", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TimelinePage"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/api/v1/stats": {
      "get": {
        "operationId": "getStats",
        "summary": "MTTA / MTTR per severity for incidents declared since a time",
        "parameters": [{"$ref": "#/components/parameters/since"}],
        "responses": {
          "200": {"description": "The figures", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stats"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"}
        }
      }
    },
    "/api/v1/openapi.json": {
      "get": {
        "operationId": "getOpenApi",
        "summary": "This document",
        "responses": {
          "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer", "description": "HTTP_TOKEN"}
    },
    "parameters": {
      "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^INC-[0-9]{4}-[0-9]{3,}$"}, "example": "INC-2026-001"},
      "state": {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["open", "resolved", "declared", "acknowledged"]}},
      "severity": {"name": "severity", "in": "query", "schema": {"type": "string", "enum": ["SEV1", "SEV2", "SEV3", "SEV4"]}},
      "since": {"name": "since", "in": "query", "description": "A date (2026-01-15), a UTC time (2026-01-15T14:15:00Z) or a duration back from now (30d, 12h)", "schema": {"type": "string"}},
      "cursor": {"name": "cursor", "in": "query", "description": "next_cursor of the previous page, unchanged", "schema": {"type": "string"}},
      "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}}
    },
    "responses": {
      "BadRequest": {"description": "A parameter is wrong", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "HTTP_TOKEN is set and the bearer token is missing or wrong", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "No such incident (or a private one)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}}
      },
      "Time": {"type": "string", "format": "date-time"},
      "Person": {
        "type": ["object", "null"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}}
      },
      "Channel": {
        "type": "object",
        "properties": {"id": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]}}
      },
      "Roles": {
        "type": "object",
        "properties": {
          "ic": {"$ref": "#/components/schemas/Person"},
          "tech": {"$ref": "#/components/schemas/Person"},
          "comms": {"$ref": "#/components/schemas/Person"},
          "scribe": {"$ref": "#/components/schemas/Person"}
        }
      },
      "ListedIncident": {
        "type": "object",
        "required": ["id", "severity", "state", "declared_at", "private"],
        "properties": {
          "id": {"type": "string"},
          "severity": {"type": "string"},
          "state": {"type": "string"},
          "private": {"type": "boolean", "description": "true: only id, severity, state and times are given"},
          "title": {"type": "string"},
          "declared_at": {"$ref": "#/components/schemas/Time"},
          "started_at": {"$ref": "#/components/schemas/Time"},
          "acknowledged_at": {"type": ["string", "null"], "format": "date-time"},
          "mitigated_at": {"type": ["string", "null"], "format": "date-time"},
          "duplicate_of": {"type": ["string", "null"], "description": "closed as a duplicate of this incident"},
          "resolved_at": {"type": ["string", "null"], "format": "date-time"},
          "duration_minutes": {"type": ["integer", "null"]},
          "channel": {"$ref": "#/components/schemas/Channel"},
          "roles": {"$ref": "#/components/schemas/Roles"},
          "escalation_level": {"type": "integer"},
          "next_update_due": {"type": ["string", "null"], "format": "date-time"}
        }
      },
      "IncidentList": {
        "type": "object",
        "required": ["incidents", "next_cursor"],
        "properties": {
          "incidents": {"type": "array", "items": {"$ref": "#/components/schemas/ListedIncident"}},
          "next_cursor": {"type": ["string", "null"]}
        }
      },
      "ActionItem": {
        "type": "object",
        "properties": {
          "number": {"type": "integer"},
          "text": {"type": "string"},
          "owner": {"type": ["string", "null"]},
          "owner_id": {"type": ["string", "null"]},
          "due": {"type": ["string", "null"], "format": "date"},
          "done": {"type": "boolean"}
        }
      },
      "Incident": {
        "type": "object",
        "required": ["id", "severity", "title", "state", "declared_at"],
        "properties": {
          "id": {"type": "string"},
          "severity": {"type": "string"},
          "title": {"type": "string"},
          "started_at": {"$ref": "#/components/schemas/Time"},
          "detected_by": {"type": ["string", "null"]},
          "resolved_at": {"type": ["string", "null"], "format": "date-time"},
          "impact": {
            "type": "object",
            "properties": {
              "users_affected": {"type": ["integer", "null"]},
              "revenue_lost": {"type": ["string", "null"]},
              "duration_minutes": {"type": ["integer", "null"]}
            }
          },
          "action_items": {"type": "array", "items": {"type": "string"}},
          "state": {"type": "string"},
          "channel": {"$ref": "#/components/schemas/Channel"},
          "roles": {"$ref": "#/components/schemas/Roles"},
          "declared_at": {"$ref": "#/components/schemas/Time"},
          "declared_by": {"type": "string"},
          "acknowledged_at": {"type": ["string", "null"], "format": "date-time"},
          "mitigated_at": {"type": ["string", "null"], "format": "date-time"},
          "duplicate_of": {"type": ["string", "null"], "description": "closed as a duplicate of this incident"},
          "detected_at": {"type": ["string", "null"], "format": "date-time"},
          "impact_notes": {"type": ["string", "null"]},
          "resolution": {"type": ["string", "null"]},
          "postmortem": {
            "type": "object",
            "properties": {
              "due_at": {"type": ["string", "null"], "format": "date-time"},
              "link": {"type": ["string", "null"]}
            }
          },
          "people_involved": {"type": "integer"},
          "action_items_detail": {"type": "array", "items": {"$ref": "#/components/schemas/ActionItem"}},
          "timeline_events": {"type": "integer"},
          "escalation_level": {"type": "integer"},
          "next_update_due": {"type": ["string", "null"], "format": "date-time"}
        }
      },
      "IncidentDocument": {
        "type": "object",
        "required": ["incident"],
        "properties": {"incident": {"$ref": "#/components/schemas/Incident"}}
      },
      "TimelineEvent": {
        "type": "object",
        "required": ["at", "actor", "kind", "event"],
        "properties": {
          "at": {"$ref": "#/components/schemas/Time"},
          "actor": {"type": "string"},
          "actor_id": {"type": ["string", "null"]},
          "kind": {"type": "string"},
          "event": {"type": "string"}
        }
      },
      "TimelinePage": {
        "type": "object",
        "required": ["incident_id", "events", "next_cursor"],
        "properties": {
          "incident_id": {"type": "string"},
          "events": {"type": "array", "items": {"$ref": "#/components/schemas/TimelineEvent"}},
          "next_cursor": {"type": ["string", "null"]}
        }
      },
      "Seconds": {
        "type": "object",
        "properties": {"median": {"type": ["integer", "null"]}, "p90": {"type": ["integer", "null"]}}
      },
      "SeverityStats": {
        "type": "object",
        "properties": {
          "declared": {"type": "integer"},
          "resolved": {"type": "integer"},
          "open": {"type": "integer"},
          "time_to_acknowledge_seconds": {"$ref": "#/components/schemas/Seconds"},
          "time_to_resolve_seconds": {"$ref": "#/components/schemas/Seconds"},
          "time_to_mitigate_seconds": {"$ref": "#/components/schemas/Seconds"},
          "postmortems": {
            "type": "object",
            "properties": {"done": {"type": "integer"}, "due": {"type": "integer"}, "overdue": {"type": "integer"}}
          },
          "action_items_overdue": {"type": "integer"}
        }
      },
      "Stats": {
        "type": "object",
        "required": ["by_severity", "all", "since"],
        "properties": {
          "since": {"$ref": "#/components/schemas/Time"},
          "period_days": {"type": ["integer", "null"]},
          "by_severity": {
            "type": "object",
            "properties": {
              "SEV1": {"$ref": "#/components/schemas/SeverityStats"},
              "SEV2": {"$ref": "#/components/schemas/SeverityStats"},
              "SEV3": {"$ref": "#/components/schemas/SeverityStats"},
              "SEV4": {"$ref": "#/components/schemas/SeverityStats"}
            }
          },
          "all": {"$ref": "#/components/schemas/SeverityStats"}
        }
      }
    }
  }
}
)json";
    return document;
}

}  // namespace web
