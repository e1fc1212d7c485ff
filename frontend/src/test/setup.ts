// jsdom lays nothing out, so it has no scrolling; the app only scrolls for comfort.
Element.prototype.scrollIntoView = function scrollIntoView() {};
