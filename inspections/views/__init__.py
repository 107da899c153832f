"""Pages of inspections: visits (plan, logging, results), rectification orders, and the admin pages."""
