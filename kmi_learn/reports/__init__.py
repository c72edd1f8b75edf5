"""Reports: the trainer's dashboards, drill-downs, exports and charts."""
