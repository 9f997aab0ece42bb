import { createApp } from 'vue'
import { createRouter, createWebHashHistory } from 'vue-router'
import Vant from 'vant'
import 'vant/lib/index.css'
import App from './App.vue'
import { session, whenUnauthorized } from './api.js'
import Login from './pages/Login.vue'
import Home from './pages/Home.vue'
import Customers from './pages/Customers.vue'
import CustomerDetail from './pages/CustomerDetail.vue'
import Board from './pages/Board.vue'
import Report from './pages/Report.vue'
import PoolPage from './pages/Pool.vue'
import Settings from './pages/Settings.vue'
import Import from './pages/Import.vue'
import Contract from './pages/Contract.vue'
import Targets from './pages/Targets.vue'
import Visits from './pages/Visits.vue'
import Leads from './pages/Leads.vue'
import LeadNew from './pages/LeadNew.vue'
import LeadDetail from './pages/LeadDetail.vue'

const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', component: Login, meta: { title: '登录', public: true } },
    { path: '/', component: Home, meta: { title: '首页', tab: true } },
    { path: '/customers', component: Customers, meta: { title: '客户', tab: true } },
    { path: '/customers/:id', component: CustomerDetail, meta: { title: '客户详情' }, props: true },
    { path: '/board', component: Board, meta: { title: '商机看板', tab: true } },
    { path: '/report', component: Report, meta: { title: '报表', tab: true } },
    { path: '/pool', component: PoolPage, meta: { title: '公海', tab: true } },
    { path: '/leads', component: Leads, meta: { title: '线索' } },
    { path: '/leads/new', component: LeadNew, meta: { title: '新建线索' } },
    { path: '/leads/:id(\\d+)', component: LeadDetail, meta: { title: '线索详情' }, props: true },
    { path: '/settings', component: Settings, meta: { title: '设置' } },
    { path: '/visits', component: Visits, meta: { title: '拜访' } },
    { path: '/imports/new', component: Import, meta: { title: '导入客户' } },
    { path: '/imports/:id(\\d+)', component: Import, meta: { title: '导入客户' }, props: true },
    { path: '/contracts/:id(\\d+)', component: Contract, meta: { title: '合同' }, props: true },
    { path: '/targets', component: Targets, meta: { title: '业绩目标' } }
  ]
})

router.beforeEach((to) => {
  if (!to.meta.public && !session.token) {
    return { path: '/login', query: { next: to.fullPath } }
  }
})
router.afterEach((to) => { document.title = (to.meta.title || '') + ' · 客户管理' })
whenUnauthorized(() => router.replace({ path: '/login', query: { next: router.currentRoute.value.fullPath } }))

createApp(App).use(router).use(Vant).mount('#app')
