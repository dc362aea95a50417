import { createPinia } from 'pinia';
import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import App from './App.vue';
import { i18n, savedLocale, setLocale } from './i18n/index.ts';
import { router } from './router.ts';
import { useSession } from './stores/session.ts';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);

// The session loads alongside the first page; guarded routes wait for it in the router.
void useSession()
  .ensureLoaded()
  .catch(() => null);
const locale = savedLocale();
if (locale !== 'zh-CN') void setLocale(locale);

app.mount('#app');
